// The mail sender's worker thread (see mail-sender.ts): its event loop only sends outbox
// messages, with its own PostgreSQL pool and its own pooled SMTP transport, so the COMMIT
// after the SMTP server's 250 leaves the process without waiting behind other work.
// workerData holds the database and SMTP URLs: never log it.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { dataSourceOptions, OutboxRepository } from '@fullfolj/database';
import { SmtpMailTransport } from '@fullfolj/mail';
import { FromMailSenderThread, MailSenderThreadData, sendOutboxMessage, SendOutcome, ToMailSenderThread } from './mail-sender';

const data = workerData as MailSenderThreadData;
const port = parentPort!;
const dataSource = new DataSource(
  dataSourceOptions(data.databaseUrl, { extra: { max: Math.max(1, data.maxInFlight) + 1, connectionTimeoutMillis: 5000 } }),
);
const transport = new SmtpMailTransport(data.smtpUrl);
const outbox = new OutboxRepository(dataSource);
let inFlight = 0;
let closing = false;

// Connecting is retried on the next send if it fails (e.g. the database is not up yet).
let ready: Promise<unknown> | undefined;
function connect(): Promise<unknown> {
  ready ??= dataSource.initialize().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function send(key: string): Promise<SendOutcome> {
  try {
    await connect();
  } catch (error) {
    return { kind: 'error', name: 'DatabaseUnavailable', message: `mail sender thread cannot reach the database: ${error instanceof Error ? error.message : String(error)}` };
  }
  return sendOutboxMessage(outbox, transport, data.from, key);
}

async function close(): Promise<void> {
  transport.close();
  if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  port.postMessage({ type: 'closed' } satisfies FromMailSenderThread);
  port.close();
}

port.on('message', (message: ToMailSenderThread) => {
  if (message.type === 'close') {
    closing = true;
    if (inFlight === 0) void close();
    return;
  }
  inFlight++;
  void send(message.key).then((outcome) => {
    port.postMessage({ type: 'result', id: message.id, outcome } satisfies FromMailSenderThread);
    inFlight--;
    if (closing && inFlight === 0) void close();
  });
});
