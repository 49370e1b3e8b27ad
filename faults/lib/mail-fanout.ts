import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { simpleParser } from 'mailparser';
import { Client as PgClient } from 'pg';
import type { ServiceConfig } from '@fullfolj/config';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { messageIdFor } from '@fullfolj/mail';
import { waitUntil } from '@fullfolj/runtime';
import type { TestServices } from '@fullfolj/testing';

/** A reminder the fan-out means to send, and the Message-ID it must arrive under. */
export interface Intended {
  key: string;
  to: string;
  subject: string;
  messageId: string;
}

export function intendedReminders(config: ServiceConfig, scenario: string, count: number): Intended[] {
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: count }, (_, i) => {
    const key = `${scenario}:${run}:${i}`;
    return { key, to: `r-${run}-${i}@kommun.example`, subject: `Påminnelse ${i}: nulägesanalys`, messageId: messageIdFor(key, config.smtp.from) };
  });
}

/** Starts one mail-delivery workflow per message (what a reminder fan-out does), 100 starts at a time. */
export async function startFanOut(client: Client, config: ServiceConfig, messages: Intended[], options: { startDelay?: Duration } = {}): Promise<WorkflowHandle[]> {
  const handles: WorkflowHandle[] = [];
  for (let i = 0; i < messages.length; i += 100) {
    const batch = messages.slice(i, i + 100);
    handles.push(
      ...(await Promise.all(
        batch.map((m) =>
          client.workflow.start(workflowTypes.mailDelivery, {
            taskQueue: config.temporal.taskQueue,
            workflowId: workflowIds.mailDelivery(m.key),
            args: [{ key: m.key, to: m.to, subject: m.subject, text: `Nulägesanalysen ska vara klar 2027-01-15 (${m.key}).` }],
            ...(options.startDelay ? { startDelay: options.startDelay } : {}),
          }),
        ),
      )),
    );
  }
  return handles;
}

/**
 * The SMTP server's side: every .eml file that arrived since `since` (a list of names taken
 * before the scenario), parsed. Nothing is merged or dropped: two files with the same
 * Message-ID are two deliveries.
 */
export class SinkCounter {
  private readonly before: Set<string>;
  private readonly parsed = new Map<string, { messageId: string; to: string[] }>();

  constructor(private readonly dir: string) {
    this.before = new Set(this.files());
  }

  private files(): string[] {
    return readdirSync(this.dir).filter((f) => f.endsWith('.eml'));
  }

  /** How many messages have arrived since the counter was made (cheap: a directory listing). */
  arrived(): number {
    return this.files().filter((f) => !this.before.has(f)).length;
  }

  async messages(): Promise<Array<{ messageId: string; to: string[] }>> {
    const fresh = this.files().filter((f) => !this.before.has(f));
    for (const file of fresh) {
      if (this.parsed.has(file)) continue;
      const mail = await simpleParser(readFileSync(path.join(this.dir, file)));
      const to = [mail.to].flat().flatMap((t) => t?.value.map((v) => (v.address ?? '').toLowerCase()) ?? []);
      this.parsed.set(file, { messageId: mail.messageId ?? '', to });
    }
    return fresh.map((f) => this.parsed.get(f)!);
  }
}

export interface MailTally {
  delivered: number;
  duplicates: number;
  lost: number;
  /** Messages to our recipients under a Message-ID we did not intend (a resend that cannot be recognised). */
  foreign: number;
  /** Keys that arrived more than once. */
  duplicateKeys: string[];
}

/** Counts, by Message-ID, what the SMTP server received of the intended messages. */
export async function tallyByMessageId(sink: SinkCounter, messages: Intended[]): Promise<MailTally> {
  const copies = new Map<string, number>();
  const ours = new Set(messages.map((m) => m.to));
  const intendedIds = new Set(messages.map((m) => m.messageId));
  let foreign = 0;
  for (const mail of await sink.messages()) {
    if (intendedIds.has(mail.messageId)) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
    else if (mail.to.some((t) => ours.has(t))) foreign++;
  }
  const tally: MailTally = { delivered: 0, duplicates: 0, lost: 0, foreign, duplicateKeys: [] };
  for (const m of messages) {
    const n = copies.get(m.messageId) ?? 0;
    if (n === 0) tally.lost++;
    else tally.delivered++;
    if (n > 1) {
      tally.duplicates += n - 1;
      tally.duplicateKeys.push(m.key);
    }
  }
  return tally;
}

export interface OutboxRow {
  key: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

export async function outboxRows(pg: PgClient, messages: Intended[]): Promise<OutboxRow[]> {
  const { rows } = await pg.query<OutboxRow>(`SELECT key, status, attempts, last_error FROM mail_outbox WHERE key = ANY($1::text[])`, [messages.map((m) => m.key)]);
  return rows;
}

export async function countSent(pg: PgClient, messages: Intended[]): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM mail_outbox WHERE key = ANY($1::text[]) AND status = 'sent'`, [messages.map((m) => m.key)]);
  return Number(rows[0].n);
}

/**
 * The end of a fan-out scenario: waits until every outbox row is sent, checks that each
 * workflow ended with its Message-ID, counts at the server what arrived, and checks the
 * outbox is done (and, with `noErrorLeft`, that no row kept an error). Problems are appended.
 */
export async function settleFanOut(options: {
  pg: PgClient;
  sink: SinkCounter;
  messages: Intended[];
  handles: WorkflowHandle[];
  problems: string[];
  failIf: () => string | undefined;
  noErrorLeft: boolean;
}): Promise<{ doneAt: number; tally: MailTally }> {
  const { pg, sink, messages, handles, problems } = options;
  const count = messages.length;
  await waitUntil(async () => (await countSent(pg, messages)) === count, {
    timeoutMs: 300_000,
    intervalMs: 500,
    what: `all ${count} outbox rows sent`,
    failIf: options.failIf,
  }).catch((error: Error) => problems.push(error.message));
  const results = await Promise.all(handles.map((h) => h.result().catch((error: Error) => ({ messageId: `error: ${error.message}` }))));
  const wrongResults = results.filter((r, i) => r.messageId !== messages[i].messageId).length;
  if (wrongResults > 0) problems.push(`${wrongResults} workflows did not end with their Message-ID`);
  const doneAt = Date.now();

  // Late copies would arrive within moments of the last mark; give them a chance to be counted.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const tally = await tallyByMessageId(sink, messages);
  if (tally.foreign > 0) problems.push(`${tally.foreign} reminders arrived under a Message-ID that was not theirs`);
  const rows = await outboxRows(pg, messages);
  const notDone = rows.filter((r) => r.status !== 'sent' || (options.noErrorLeft && r.last_error !== null)).length;
  if (rows.length !== count || notDone > 0) {
    problems.push(`outbox: ${rows.length} rows, ${notDone} not sent${options.noErrorLeft ? ' or still with an error' : ''}`);
  }
  return { doneAt, tally };
}

/** What a mail scenario talks to: Temporal (to start the fan-out) and PostgreSQL (to read the outbox). */
export async function connectFanOutServices(services: TestServices): Promise<{ connection: Connection; pg: PgClient; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: services.temporalAddress });
  const pg = new PgClient({ connectionString: services.databaseUrl });
  await pg.connect();
  return { connection, pg, close: async () => void (await Promise.all([connection.close(), pg.end()])) };
}
