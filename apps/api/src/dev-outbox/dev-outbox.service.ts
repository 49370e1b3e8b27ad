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

/** Bare addresses in To, Cc and Bcc, lower-cased (group members included). */
function recipients(mail: ParsedMail): Set<string> {
  const bare = (field: AddressObject | AddressObject[] | undefined): string[] =>
    [field ?? []].flat().flatMap((a) => a.value.flatMap((v) => [v.address ?? '', ...(v.group ?? []).map((g) => g.address ?? '')]));
  return new Set([...bare(mail.to), ...bare(mail.cc), ...bare(mail.bcc)].filter(Boolean).map((a) => a.toLowerCase()));
}

/**
 * Development only: the e-mail the embedded SMTP sink received, read from its folder, so a
 * developer sees what recipients would see. Absent (404) in production or with a real relay.
 * A person sees only mail addressed to them: mails hold signed links that act without signing in.
 */
@Injectable()
export class DevOutboxService {
  // Received files never change, so parsed mail and its recipients can be kept.
  private readonly cache = new Map<string, ParsedMail>();
  private readonly recipientsOf = new Map<string, Set<string>>();

  constructor(@Inject(APP_CONFIG) private readonly config: ServiceConfig) {}

  private get dir(): string {
    const dir = this.config.smtp.devMailDir;
    if (!dir) throw new NotFoundException('the outbox exists only in development with the embedded SMTP server');
    return dir;
  }

  /** The newest mails addressed to `email` (To, Cc or Bcc; case does not matter). */
  async list(email: string): Promise<OutboxListEntry[]> {
    const dir = this.dir;
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => FILE_NAME.test(f)).sort().reverse();
    const mine: string[] = [];
    for (const file of files) {
      if (mine.length >= LIST_LIMIT) break;
      if ((await this.recipients(dir, file)).has(email.toLowerCase())) mine.push(file);
    }
    return Promise.all(mine.map(async (file) => this.entry(file, await this.parse(dir, file))));
  }

  /** One mail, if it is addressed to `email`; someone else's is 404 like a missing one, so ids reveal nothing. */
  async get(id: string, email: string): Promise<OutboxMessage> {
    const dir = this.dir;
    const missing = () => new NotFoundException('no such message');
    if (!FILE_NAME.test(id)) throw missing();
    const mail = await this.parse(dir, id).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw missing();
      throw error;
    });
    if (!(await this.recipients(dir, id)).has(email.toLowerCase())) throw missing();
    return {
      ...(await this.entry(id, mail)),
      date: mail.date?.toISOString() ?? null,
      messageId: mail.messageId ?? null,
      text: mail.text ?? null,
      html: typeof mail.html === 'string' ? mail.html : null,
      attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    };
  }

  /** The HTML body of one mail addressed to `email`; 404 like a missing mail when it has none. */
  async htmlBody(id: string, email: string): Promise<string> {
    const { html } = await this.get(id, email);
    if (html === null) throw new NotFoundException('no such message');
    return html;
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

  private async recipients(dir: string, file: string): Promise<Set<string>> {
    let found = this.recipientsOf.get(file);
    if (!found) {
      found = recipients(await this.parse(dir, file));
      this.recipientsOf.set(file, found);
    }
    return found;
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
