import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { Client as PgClient } from 'pg';
import type { ServiceConfig } from '@fullfolj/config';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { messageIdFor } from '@fullfolj/mail';
import { ReceivedMessage, SmtpSink, type SmtpSinkBehaviour, startSmtpSink, waitUntil } from '@fullfolj/runtime';
import { type ProxiedConnection, TcpProxy, type TestServices } from '@fullfolj/testing';

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
 * The SMTP server of one scenario: a sink in this process that records each message it
 * stores (Message-ID, when the final "." came, where on its connection its 250 went), behind
 * a TCP proxy that the worker connects through and that counts what it forwarded.
 *
 * Why the proxy decides whether a 250 "reached the client": the sink's write only puts the
 * bytes in its own kernel buffer, so it cannot see a cut further on or a client killed
 * before the bytes got to it. The proxy is the last hop we control before the client: it
 * counts the server's bytes that the client's socket accepted (write callbacks). A message's
 * 250 reached the client if that count covers the 250's end offset in the connection's
 * stream, as the sink recorded it. One refinement, from the kernel: bytes in the client's
 * socket that its process never read (it was killed first) make its socket answer the close
 * with a reset; if the 250 was the last thing the client was given and it sent nothing
 * after it, the unread bytes include the 250's end, so it did not reach the client. In
 * every other case bytes given to the client count as reached: where the test cannot tell,
 * it errs towards calling a duplicate not allowed.
 */
export class MailPath {
  private constructor(
    readonly sink: SmtpSink,
    readonly proxy: TcpProxy,
  ) {}

  static async start(scratchDir: string, name: string, behaviour?: SmtpSinkBehaviour): Promise<MailPath> {
    const sink = await startSmtpSink({ dir: path.join(scratchDir, `${name}-mail-${randomUUID().slice(0, 8)}`), port: 0, record: true, behaviour });
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: sink.port });
    return new MailPath(sink, proxy);
  }

  /** What the worker's SMTP_URL points at: the proxy. */
  get smtpUrl(): string {
    return `smtp://${this.proxy.address}`;
  }

  /** How many messages the server has stored. */
  arrived(): number {
    return this.sink.received().length;
  }

  /** The proxy connection a stored message came through (the last one from its port opened before its "."). */
  connectionOf(message: ReceivedMessage): ProxiedConnection | undefined {
    return this.proxy.history.filter((c) => c.upstreamPort === message.remotePort && c.openedAt <= message.dotAt).pop();
  }

  /** Whether the 250 for this stored message reached the client (see the class comment). */
  replyReached(message: ReceivedMessage): boolean {
    if (message.replyEnd === null) return false;
    const through = this.connectionOf(message);
    // Not through our proxy at all: nothing tells us it was lost, so it counts as reached.
    if (!through) return true;
    if (through.toClient < message.replyEnd) return false;
    const unreadAtClose = through.clientReset && through.toClient === message.replyEnd && !through.clientWrites.some((n) => n >= message.replyEnd!);
    return !unreadAtClose;
  }

  /** Waits until no connection is open: nothing more can arrive (call once the worker is stopped). */
  async quiet(): Promise<void> {
    await waitUntil(() => Promise.resolve(this.proxy.open === 0), { timeoutMs: 60_000, intervalMs: 50, what: 'every SMTP connection closed' });
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
    await this.sink.stop();
  }
}

export interface MailTally {
  sent: number;
  delivered: number;
  /** Extra copies under the intended Message-ID: window + other. */
  duplicates: number;
  /** Extra copies sent because the copy before it never had its 250 reach the client (allowed). */
  windowDuplicates: number;
  /** Extra copies after a copy whose 250 did reach the client (not allowed). */
  otherDuplicates: number;
  lost: number;
  /** Messages to our recipients under a Message-ID we did not intend: a resend no receiver can recognise (not allowed). */
  newIdDuplicates: number;
  /** Keys that arrived more than once, marked (window) or (other). */
  duplicateKeys: string[];
}

/**
 * Counts, by Message-ID, what the SMTP server stored of the intended messages, in order of
 * the final ".". Copy k+1 of a message is a window duplicate when copy k's 250 never reached
 * the client (the client could not know it was stored); otherwise it is another duplicate.
 */
export function tallyMail(mail: MailPath, messages: Intended[], since = 0): MailTally {
  const stored = mail.sink.received().slice(since);
  const byId = new Map<string, ReceivedMessage[]>();
  const ours = new Set(messages.map((m) => m.to.toLowerCase()));
  const intendedIds = new Set(messages.map((m) => m.messageId));
  const tally: MailTally = { sent: messages.length, delivered: 0, duplicates: 0, windowDuplicates: 0, otherDuplicates: 0, lost: 0, newIdDuplicates: 0, duplicateKeys: [] };
  for (const r of stored) {
    if (intendedIds.has(r.messageId)) byId.set(r.messageId, [...(byId.get(r.messageId) ?? []), r]);
    else if (r.to.some((t) => ours.has(t))) tally.newIdDuplicates++;
  }
  for (const m of messages) {
    const copies = (byId.get(m.messageId) ?? []).sort((a, b) => a.dotAt - b.dotAt);
    if (copies.length === 0) {
      tally.lost++;
      continue;
    }
    tally.delivered++;
    for (let k = 1; k < copies.length; k++) {
      tally.duplicates++;
      const window = !mail.replyReached(copies[k - 1]);
      if (window) tally.windowDuplicates++;
      else tally.otherDuplicates++;
      tally.duplicateKeys.push(`${m.key} (${window ? 'window' : 'other'})`);
    }
  }
  return tally;
}

/** The mail columns of a row from a tally. */
export function mailColumns(tally: MailTally) {
  return {
    sent: tally.sent,
    delivered: tally.delivered,
    duplicates: tally.duplicates,
    windowDuplicates: tally.windowDuplicates,
    otherDuplicates: tally.otherDuplicates,
    lost: tally.lost,
    newIdDuplicates: tally.newIdDuplicates,
  };
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
 * workflow ended with its Message-ID, stops the worker and waits until every SMTP
 * connection is closed (so no late copy can still come), counts at the server what
 * arrived, and checks the outbox is done (and, with `noErrorLeft`, that no row kept an
 * error). Problems are appended.
 */
export async function settleFanOut(options: {
  pg: PgClient;
  mail: MailPath;
  messages: Intended[];
  handles: WorkflowHandle[];
  problems: string[];
  failIf: () => string | undefined;
  stopWorker: () => Promise<void>;
  noErrorLeft: boolean;
}): Promise<{ doneAt: number; tally: MailTally }> {
  const { pg, mail, messages, handles, problems } = options;
  const count = messages.length;
  await waitUntil(async () => (await countSent(pg, messages)) === count, {
    timeoutMs: 420_000,
    intervalMs: 500,
    what: `all ${count} outbox rows sent`,
    failIf: options.failIf,
  }).catch((error: Error) => problems.push(error.message));
  const results = await Promise.all(handles.map((h) => h.result().catch((error: Error) => ({ messageId: `error: ${error.message}` }))));
  const wrongResults = results.filter((r, i) => r.messageId !== messages[i].messageId).length;
  if (wrongResults > 0) problems.push(`${wrongResults} workflows did not end with their Message-ID`);
  const doneAt = Date.now();

  await options.stopWorker();
  await mail.quiet().catch((error: Error) => problems.push(error.message));
  const tally = tallyMail(mail, messages);
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
