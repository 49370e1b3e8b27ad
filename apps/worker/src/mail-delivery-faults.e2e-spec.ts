import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import type { ServiceConfig } from '@fullfolj/config';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { messageIdFor } from '@fullfolj/mail';
import { waitUntil } from '@fullfolj/runtime';
import { eventually, hostPort, Mailbox, MailOutboxProbe, MailOutboxRow, openMailOutbox, startWorkerProcess, TcpProxy, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';
import type { mailDeliveryWorkflow } from '../../../workflows/mail-delivery.workflow';

// Issue 4, "Done when": a real SMTP server receives exactly the expected messages, once
// each, after the worker is killed mid-send and restarted, and after the SMTP server was
// unreachable for a while. The worker is the compiled one (dist/, built by `npm test`),
// run as its own process; SMTP goes through a TCP proxy the test can cut.

interface Intended {
  key: string;
  to: string;
  subject: string;
  messageId: string;
}

/** What arrived for each intended message, judged by Message-ID (the README's "Exactly once"). */
interface Tally {
  delivered: number;
  /** Intended messages that never arrived. */
  lost: string[];
  /** Intended messages that arrived under another Message-ID (a resend that cannot be recognised). */
  foreign: string[];
  /** Extra copies with the same Message-ID: the documented window (accepted, then killed before the COMMIT that marks it sent left the worker). */
  resends: Array<{ key: string; copies: number }>;
}

const recipients = (mail: ParsedMail): string[] =>
  [mail.to].flat().flatMap((to) => to?.value.map((v) => (v.address ?? '').toLowerCase()) ?? []);

describe('mail delivery by the compiled worker under faults (real PostgreSQL, Temporal and SMTP)', () => {
  const services = testServices();
  const smtp = hostPort(new URL(services.smtpUrl).host);
  const mailbox = new Mailbox(services.mailDir);
  const workers: WorkerProcess[] = [];
  const proxies: TcpProxy[] = [];
  let connection: Connection;
  let client: Client;
  let pg: MailOutboxProbe;

  beforeAll(async () => {
    connection = await Connection.connect({ address: services.temporalAddress });
    // Encrypting as the workers this file starts do (testConfig() gives every config the file's key).
    client = new Client({ connection, dataConverter: testDataConverter(testConfig()) });
    pg = await openMailOutbox(services.databaseUrl);
  });

  afterAll(async () => {
    // Every process this file started goes, also when a test failed half-way.
    await Promise.all(workers.map((w) => w.kill()));
    await Promise.all(proxies.map((p) => p.stop()));
    await connection?.close();
    await pg?.close();
  });

  async function startWorker(config: ServiceConfig, name: string): Promise<WorkerProcess> {
    const worker = await startWorkerProcess(config, { name });
    workers.push(worker);
    return worker;
  }

  async function smtpProxy(): Promise<TcpProxy> {
    const proxy = await TcpProxy.start(smtp);
    proxies.push(proxy);
    return proxy;
  }

  function intended(config: ServiceConfig, scenario: string, count: number): Intended[] {
    const run = randomUUID().slice(0, 8);
    return Array.from({ length: count }, (_, i) => {
      const key = `${scenario}:${run}:${i}`;
      return { key, to: `n-${run}-${i}@kommun.example`, subject: `Påminnelse ${i}: nulägesanalys`, messageId: messageIdFor(key, config.smtp.from) };
    });
  }

  function startDeliveries(config: ServiceConfig, messages: Intended[]) {
    return Promise.all(
      messages.map((m) =>
        client.workflow.start<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
          taskQueue: config.temporal.taskQueue,
          workflowId: workflowIds.mailDelivery(m.key),
          args: [{ key: m.key, to: m.to, subject: m.subject, text: `Nulägesanalysen ska vara klar 2027-01-15 (${m.key}).` }],
        }),
      ),
    );
  }

  /** Messages in the SMTP sink for these intended messages, by recipient. */
  async function received(messages: Intended[]): Promise<Map<string, ParsedMail[]>> {
    const wanted = new Set(messages.map((m) => m.to));
    const byRecipient = new Map<string, ParsedMail[]>();
    for (const mail of await mailbox.all()) {
      for (const to of recipients(mail).filter((r) => wanted.has(r))) byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail]);
    }
    return byRecipient;
  }

  const countReceived = async (messages: Intended[]) => [...(await received(messages)).values()].reduce((n, list) => n + list.length, 0);

  async function tally(messages: Intended[]): Promise<Tally> {
    const byRecipient = await received(messages);
    const result: Tally = { delivered: 0, lost: [], foreign: [], resends: [] };
    for (const m of messages) {
      const copies = byRecipient.get(m.to) ?? [];
      if (copies.length === 0) result.lost.push(m.key);
      if (copies.some((c) => c.messageId !== m.messageId || c.subject !== m.subject)) result.foreign.push(m.key);
      if (copies.length > 1) result.resends.push({ key: m.key, copies: copies.length });
      if (copies.length > 0) result.delivered++;
    }
    return result;
  }

  const outbox = (messages: Intended[]): Promise<MailOutboxRow[]> => pg.rows(messages.map((m) => m.key));

  /** Rows that are not sent, or were sent without their attempts and Message-ID recorded. */
  const notProperlySent = (messages: Intended[], rows: MailOutboxRow[]) => {
    const expectedId = new Map(messages.map((m) => [m.key, m.messageId]));
    return rows
      .filter((r) => r.status !== 'sent' || r.attempts < 1 || r.sent_at === null || r.last_error !== null || r.message_id !== expectedId.get(r.key))
      .map((r) => ({ key: r.key, status: r.status, attempts: r.attempts, lastError: r.last_error }));
  };

  /** Waits until every delivery workflow has completed (polling the outbox), failing at once if a worker died. */
  async function allSent(messages: Intended[], worker: WorkerProcess, timeoutMs: number, handles: WorkflowHandle[]): Promise<void> {
    let sent = 0;
    await waitUntil(
      async () => {
        sent = (await outbox(messages)).filter((r) => r.status === 'sent').length;
        return sent === messages.length;
      },
      {
        timeoutMs,
        intervalMs: 500,
        what: `all ${messages.length} outbox rows sent`,
        failIf: () => (worker.exited() ? `the worker exited:\n${worker.output()}` : undefined),
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (${sent} of ${messages.length} sent)\n${worker.output()}`);
    });
    // The workflows end with the activity's result: the Message-ID of the outbox row.
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results.map((r) => r.messageId)).toEqual(messages.map((m) => m.messageId));
  }

  /** For each workflow, the attempt on which deliverMail completed (from its history). */
  async function deliverAttempts(handles: WorkflowHandle[]): Promise<number[]> {
    return Promise.all(
      handles.map(async (h) => {
        const { events } = await h.fetchHistory();
        const deliver = (events ?? []).find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverMail');
        const started = (events ?? []).find((e) => deliver !== undefined && String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(deliver.eventId));
        return started?.activityTaskStartedEventAttributes?.attempt ?? 0;
      }),
    );
  }

  it(
    'a worker SIGKILLed mid-send and restarted: every message arrives, none under two Message-IDs, the outbox all sent',
    async () => {
      const proxy = await smtpProxy();
      const config = testConfig({ SMTP_URL: `smtp://${proxy.address}` });
      const messages = intended(config, 'fault-kill', 200);
      const t0 = Date.now();

      const first = await startWorker(config, 'worker-1');
      const handles = await startDeliveries(config, messages);

      // Mid-send: some messages have reached the SMTP server, not all.
      await waitUntil(async () => (await countReceived(messages)) >= 20, {
        timeoutMs: 60_000,
        intervalMs: 20,
        what: 'the first messages reaching the SMTP server',
        failIf: () => (first.exited() ? `worker-1 exited:\n${first.output()}` : undefined),
      });
      await first.kill();
      const killedAt = Date.now();
      const arrivedBeforeKill = await countReceived(messages);
      const rowsAtKill = await outbox(messages);
      const sentAtKill = rowsAtKill.filter((r) => r.status === 'sent').length;
      expect(first.exited()).toBe(true);
      // Otherwise the kill came too late to test anything: the worker had finished.
      expect(arrivedBeforeKill).toBeLessThan(messages.length);
      expect(sentAtKill).toBeLessThan(messages.length);

      // A new worker process on the same task queue. The dead worker's activities are retried
      // once Temporal times them out (deliverMail: startToCloseTimeout 2 minutes, no heartbeat),
      // so this waits up to about 2 minutes and a few seconds of backoff.
      const second = await startWorker(config, 'worker-2');
      await allSent(messages, second, 200_000, handles);
      const doneAt = Date.now();

      const t = await tally(messages);
      const attempts = await deliverAttempts(handles);
      const interrupted = new Set(messages.filter((_, i) => attempts[i] > 1).map((m) => m.key));
      console.log(
        [
          `worker killed mid-send: ${arrivedBeforeKill} of ${messages.length} messages had arrived; ` +
            `outbox at the kill: ${rowsAtKill.length} rows, ${sentAtKill} sent`,
          `${interrupted.size} deliveries were interrupted by the kill and completed on a retry by the new worker`,
          `delivered ${t.delivered}/${messages.length}, lost ${t.lost.length}, under another Message-ID ${t.foreign.length}, ` +
            `same-Message-ID resends ${t.resends.reduce((n, r) => n + r.copies - 1, 0)}${t.resends.length ? ` (${t.resends.map((r) => r.key).join(', ')})` : ''}`,
          `time: ${((killedAt - t0) / 1000).toFixed(1)} s to the kill, ${((doneAt - killedAt) / 1000).toFixed(1)} s from the kill until all were sent`,
        ].join('\n'),
      );

      // (a) nothing lost, (b) no intended message under a second Message-ID.
      expect(t.lost).toEqual([]);
      expect(t.foreign).toEqual([]);
      expect(t.delivered).toBe(messages.length);
      // The kill really interrupted sends, which the new worker then completed.
      expect(interrupted.size).toBeGreaterThan(0);
      // Duplicates are NOT asserted to be zero, on purpose. A message the SMTP server accepted
      // (or received in full) just before the SIGKILL, before the COMMIT that marks its row sent left the worker, is
      // sent again by the retry: the window the README documents ("Exactly once, and the window
      // that remains"). Whether the kill lands in it depends on timing, so a zero here would
      // flake. What the test holds to is what makes such a resend harmless: it carries the same
      // Message-ID (checked by `foreign` above), so counted by Message-ID every message arrived
      // exactly once; the number of resends is reported above. And a resend happens only in that
      // window: its delivery was one the kill interrupted (completed on attempt 2 or later), and
      // it arrived at most twice (the interrupted attempt, then the retry that got through).
      expect(t.resends.filter((r) => !interrupted.has(r.key) || r.copies > 2)).toEqual([]);

      // (c) the outbox: one row per intended message, all sent, attempts and Message-ID recorded.
      const rows = await outbox(messages);
      expect(rows).toHaveLength(messages.length);
      expect(notProperlySent(messages, rows)).toEqual([]);
    },
    300_000,
  );

  it(
    'SMTP unreachable for a while: messages wait in the outbox with the reason, then each arrives exactly once',
    async () => {
      const proxy = await smtpProxy();
      const config = testConfig({ SMTP_URL: `smtp://${proxy.address}` });
      const messages = intended(config, 'fault-outage', 50);
      const worker = await startWorker(config, 'worker-3');

      await proxy.cut();
      const cutAt = Date.now();
      const handles = await startDeliveries(config, messages);

      // The outbox shows why they wait: every row pending, with the SMTP error, and retried
      // at least once by now (first attempt at once, the retry after 5 s).
      const waiting = await eventually(
        async () => {
          const rows = await outbox(messages);
          expect(rows).toHaveLength(messages.length);
          expect(rows.filter((r) => r.status !== 'pending' || !r.last_error || r.attempts < 2).map((r) => r.key)).toEqual([]);
          return rows;
        },
        60_000,
        250,
      );
      const reasons = [...new Set(waiting.map((r) => r.last_error))];
      for (const reason of reasons) expect(reason).toMatch(/ECONNREFUSED/);
      expect(await countReceived(messages)).toBe(0);
      const described = await Promise.all(handles.map((h) => h.describe()));
      expect(new Set(described.map((d) => d.status.name))).toEqual(new Set(['RUNNING']));
      expect(worker.exited()).toBe(false);

      await proxy.restore();
      const restoredAt = Date.now();
      await allSent(messages, worker, 90_000, handles);
      const doneAt = Date.now();

      const t = await tally(messages);
      console.log(
        [
          `SMTP unreachable for ${((restoredAt - cutAt) / 1000).toFixed(1)} s: ${waiting.length} messages pending, ` +
            `attempts ${Math.min(...waiting.map((r) => r.attempts))}–${Math.max(...waiting.map((r) => r.attempts))}, last_error: ${reasons.join(' | ')}`,
          `all sent ${((doneAt - restoredAt) / 1000).toFixed(1)} s after the SMTP server was reachable again`,
          `delivered ${t.delivered}/${messages.length}, lost ${t.lost.length}, under another Message-ID ${t.foreign.length}, resends ${t.resends.length}`,
        ].join('\n'),
      );

      // No worker died here, and no connection carried a message when the proxy was cut, so
      // there is no duplicate window: exactly once, strictly.
      expect(t).toEqual({ delivered: messages.length, lost: [], foreign: [], resends: [] });
      const rows = await outbox(messages);
      expect(rows).toHaveLength(messages.length);
      expect(notProperlySent(messages, rows)).toEqual([]);
      // Both failed attempts are counted, then the one that got through.
      expect(rows.filter((r) => r.attempts < 3).map((r) => r.key)).toEqual([]);
    },
    150_000,
  );
});
