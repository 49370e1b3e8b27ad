import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutboxRepository } from '@fullfolj/database';
import type { MailTransport } from '@fullfolj/mail';

/**
 * The one step of mail delivery whose timing decides whether a killed worker resends:
 * lock the outbox row, mark it sent in the open transaction, send over SMTP, COMMIT (see
 * OutboxRepository.sendPending). In the compiled worker it runs in a worker thread of its
 * own (mail-sender.thread.ts), whose event loop does nothing else, so the COMMIT leaves the
 * process as soon as the SMTP server's 250 is read, not when the main loop, busy with
 * Temporal and the other activities, gets round to it. See README, "Exactly once".
 */

/** What one send attempt came to; plain data, so it crosses the thread boundary as is. */
export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  /** Not pending (already sent, or failed for good): nothing was sent. */
  | { kind: 'unchanged'; messageId: string; status: string }
  | { kind: 'unknown' }
  /** Nothing was marked; `responseCode` is the SMTP server's answer, if there was one. */
  | { kind: 'error'; name: string; message: string; responseCode?: number };

/** The send itself, the same code in the thread and in-process. */
export async function sendOutboxMessage(
  outbox: Pick<OutboxRepository, 'sendPending'>,
  transport: Pick<MailTransport, 'send'>,
  from: string,
  key: string,
): Promise<SendOutcome> {
  try {
    const outcome = await outbox.sendPending(key, async (row) => {
      await transport.send({
        messageId: row.messageId,
        from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html ?? undefined,
        icalEvent: row.icalMethod && row.icalContent ? { method: row.icalMethod, content: row.icalContent } : undefined,
      });
    });
    if (!outcome) return { kind: 'unknown' };
    return outcome.sentNow
      ? { kind: 'sent', messageId: outcome.message.messageId }
      : { kind: 'unchanged', messageId: outcome.message.messageId, status: outcome.message.status };
  } catch (error) {
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    return {
      kind: 'error',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
      ...(typeof responseCode === 'number' ? { responseCode } : {}),
    };
  }
}

/** Sends outbox messages by key: in a worker thread, or in-process. */
export interface MailSender {
  readonly mode: 'thread' | 'in-process';
  /** Rejects only when the send could not be attempted to the end (e.g. the thread died): retryable. */
  send(key: string): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** In-process: under jest (TypeScript source, no thread entry to load) and wherever no thread is wanted. */
export class InProcessMailSender implements MailSender {
  readonly mode = 'in-process' as const;
  constructor(
    private readonly outbox: Pick<OutboxRepository, 'sendPending'>,
    private readonly transport: Pick<MailTransport, 'send'>,
    private readonly from: string,
  ) {}

  send(key: string): Promise<SendOutcome> {
    return sendOutboxMessage(this.outbox, this.transport, this.from, key);
  }

  async close(): Promise<void> {}
}

/** What the thread is started with. Holds secrets (the URLs): never log it. */
export interface MailSenderThreadData {
  databaseUrl: string;
  smtpUrl: string;
  from: string;
  /** Sends in flight at most (the caller's semaphore); the thread's pg pool is sized to it. */
  maxInFlight: number;
}

export type ToMailSenderThread = { type: 'send'; id: number; key: string } | { type: 'close' };
export type FromMailSenderThread = { type: 'result'; id: number; outcome: SendOutcome } | { type: 'closed' };

/**
 * The thread's entry, compiled next to this module (dist/activities/). Under jest this
 * module runs from TypeScript source, where there is no .js entry and a thread could not
 * load the .ts one: its absence is what selects the in-process sender.
 */
export const mailSenderThreadEntry = path.join(__dirname, 'mail-sender.thread.js');

export function mailSenderThreadAvailable(): boolean {
  return existsSync(mailSenderThreadEntry);
}

/**
 * Runs the sends in a worker thread, started on first use. If the thread dies, every send
 * it had in flight rejects (a retryable failure; the row's transaction died with the
 * thread's connection and rolled back) and the next send starts a new thread.
 */
export class ThreadMailSender implements MailSender {
  readonly mode = 'thread' as const;
  private thread?: { worker: Worker; pending: Map<number, { resolve: (o: SendOutcome) => void; reject: (e: Error) => void }> };
  private nextId = 1;
  private closed = false;
  /** How many threads were started (for tests and logs). */
  started = 0;

  constructor(
    private readonly data: MailSenderThreadData,
    /** The entry script; `eval` runs it as code (tests). */
    private readonly entry: { file: string } | { code: string } = { file: mailSenderThreadEntry },
  ) {}

  send(key: string): Promise<SendOutcome> {
    if (this.closed) return Promise.reject(new Error('mail sender is closed'));
    const thread = this.ensureThread();
    const id = this.nextId++;
    return new Promise<SendOutcome>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ type: 'send', id, key } satisfies ToMailSenderThread);
    });
  }

  private ensureThread(): NonNullable<ThreadMailSender['thread']> {
    if (this.thread) return this.thread;
    const worker =
      'file' in this.entry
        ? new Worker(this.entry.file, { workerData: this.data })
        : new Worker(this.entry.code, { eval: true, workerData: this.data });
    // Sends in flight keep the activities, and so the process, alive; an idle thread does not.
    worker.unref();
    const thread = { worker, pending: new Map<number, { resolve: (o: SendOutcome) => void; reject: (e: Error) => void }>() };
    let failure: Error | undefined;
    worker.on('message', (message: FromMailSenderThread) => {
      if (message.type !== 'result') return;
      const waiter = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      waiter?.resolve(message.outcome);
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.thread === thread) this.thread = undefined;
      const reason = new Error(`mail sender thread exited (code ${code})${failure ? `: ${failure.message}` : ''}; the send is retried`);
      reason.name = 'MailSenderThreadExited';
      for (const waiter of thread.pending.values()) waiter.reject(reason);
      thread.pending.clear();
    });
    this.thread = thread;
    this.started++;
    return thread;
  }

  /** Lets the thread finish what it has (callers wait for their sends first) and close its connections. */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
    thread.worker.postMessage({ type: 'close' } satisfies ToMailSenderThread);
    const timer = setTimeout(() => void thread.worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
