import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
// mailparser is a development dependency: loaded on first use, which production never reaches (404).
import type { AddressObject, ParsedMail } from 'mailparser';
import { APP_CONFIG, type ServiceConfig } from '@fullfolj/config';

export interface OutboxListEntry {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
}

export interface OutboxMessage extends OutboxListEntry {
  date: string | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

/** The sink names files `<ISO time>-<8 hex>.eml`; nothing else may be asked for (no path tricks). */
const FILE_NAME = /^[0-9A-Za-z-]{1,40}-[0-9a-f]{8}\.eml$/;
const LIST_LIMIT = 200;

/** The sink names a file after the instant it began receiving it, so names sort as the list does. */
function receivedAt(file: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-/.exec(file);
  return match ? `${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z` : null;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  [field ?? []].flat().flatMap((a) => a.value.map((v) => (v.name ? `${v.name} <${v.address ?? ''}>` : (v.address ?? ''))));

/**
 * Development only: the e-mail the embedded SMTP sink received, read from its folder, so a
 * developer sees what recipients would see. Absent (404) in production or with a real relay.
 */
@Injectable()
export class DevOutboxService {
  // Received files never change, so parsed headers can be kept.
  private readonly cache = new Map<string, ParsedMail>();

  constructor(@Inject(APP_CONFIG) private readonly config: ServiceConfig) {}

  private get dir(): string {
    const dir = this.config.smtp.devMailDir;
    if (!dir) throw new NotFoundException('the outbox exists only in development with the embedded SMTP server');
    return dir;
  }

  async list(): Promise<OutboxListEntry[]> {
    const dir = this.dir;
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => FILE_NAME.test(f)).sort().reverse().slice(0, LIST_LIMIT);
    return Promise.all(files.map(async (file) => this.entry(file, await this.parse(dir, file))));
  }

  async get(id: string): Promise<OutboxMessage> {
    const dir = this.dir;
    if (!FILE_NAME.test(id)) throw new NotFoundException(`message ${id} does not exist`);
    const mail = await this.parse(dir, id).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new NotFoundException(`message ${id} does not exist`);
      throw error;
    });
    return {
      ...(await this.entry(id, mail)),
      date: mail.date?.toISOString() ?? null,
      messageId: mail.messageId ?? null,
      text: mail.text ?? null,
      html: typeof mail.html === 'string' ? mail.html : null,
      attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    };
  }

  private async entry(id: string, mail: ParsedMail): Promise<OutboxListEntry> {
    return {
      id,
      receivedAt: receivedAt(id) ?? (await stat(path.join(this.dir, id))).mtime.toISOString(),
      from: addresses(mail.from)[0] ?? '',
      to: addresses(mail.to),
      subject: mail.subject ?? '',
    };
  }

  private async parse(dir: string, file: string): Promise<ParsedMail> {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(await readFile(path.join(dir, file)));
    if (this.cache.size >= LIST_LIMIT * 2) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(file, mail);
    return mail;
  }
}
