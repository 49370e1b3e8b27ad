import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { waitUntil } from '@fullfolj/runtime';
import { startWorkerProcess, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';
import { connectFanOutServices, intendedReminders, MailPath, mailColumns, outboxRows, settleFanOut, startFanOut } from '../lib/mail-fanout';
import { SEED, seeded, sized } from '../lib/plan';
import { expectPromiseKept, recordRow } from '../lib/results';

// The SMTP server becomes unreachable for a minute in the middle of a fan-out: a TCP proxy
// between the worker and the server drops every open connection and refuses new ones, then
// lets them through again. Meanwhile the outbox must show the waiting reminders (pending,
// with the reason); afterwards every reminder must have arrived by Message-ID, a second
// copy only where the cut took the first one's 250 (the proxy counts what it forwarded).
// The cut comes after a share (10-40%, drawn from FAULTS_SEED) of the fan-out has arrived,
// wherever the sends happen to be at that moment.

const COUNT = sized('FAULTS_OUTAGE_COUNT', { full: 500, ci: 150 });
const OUTAGE_SECONDS = sized('FAULTS_OUTAGE_SECONDS', { full: 60, ci: 20 });
const random = seeded('smtp-outage');

describe('SMTP server unreachable during a fan-out', () => {
  const services = testServices();
  let worker: WorkerProcess | undefined;
  let mail: MailPath | undefined;
  let connection: Connection;
  let pg: PgClient;

  let closeServices: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ connection, pg, close: closeServices } = await connectFanOutServices(services));
  });

  afterAll(async () => {
    await worker?.kill();
    await mail?.stop();
    await closeServices?.();
  });

  it(`${COUNT} reminders, SMTP cut for ${OUTAGE_SECONDS} s: none lost, duplicates only from the window, the outbox showed them waiting`, async () => {
    const t0 = Date.now();
    const sink = (mail = await MailPath.start(services.scratchDir, 'fault-outage'));
    const proxy = sink.proxy;
    const config = testConfig({ SMTP_URL: sink.smtpUrl });
    const messages = intendedReminders(config, 'fault-outage', COUNT);
    const problems: string[] = [];
    worker = await startWorkerProcess(config, { name: 'worker-outage' });
    const running = worker;
    const handles = await startFanOut(new Client({ connection, dataConverter: testDataConverter(config) }), config, messages);

    const cutAfter = Math.round(COUNT * (0.1 + random() * 0.3));
    await waitUntil(() => Promise.resolve(sink.arrived() >= cutAfter), {
      timeoutMs: 240_000,
      intervalMs: 5,
      what: `${cutAfter} reminders reaching the SMTP server`,
      failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined),
    });
    const cutAt = Date.now();
    await proxy.cut();
    const arrivedAtCut = sink.arrived();

    // While it is down: the outbox shows every unsent reminder pending, with why. Read
    // once every unsent row has been tried against the cut (has a reason), or at the end.
    let waiting = { pending: 0, withReason: 0, reasons: new Set<string>(), maxAttempts: 0 };
    await waitUntil(async () => (await outboxRows(pg, messages)).every((r) => r.status !== 'pending' || r.last_error), {
      timeoutMs: Math.max(1000, OUTAGE_SECONDS * 1000 - 2000),
      intervalMs: 500,
      what: 'every waiting reminder showing why',
    }).catch(() => undefined); // what the outbox shows by then is judged below
    const rowsWhileDown = await outboxRows(pg, messages);
    const pending = rowsWhileDown.filter((r) => r.status === 'pending');
    waiting = {
      pending: pending.length,
      withReason: pending.filter((r) => r.last_error).length,
      reasons: new Set(pending.map((r) => (r.last_error ?? '').replace(/\d+\.\d+\.\d+\.\d+:\d+/, 'host:port'))),
      maxAttempts: Math.max(0, ...pending.map((r) => r.attempts)),
    };
    // Messages whose connection was opened after the cut (the ones in flight at the cut may still complete).
    const arrivedWhileDown = sink.sink.received().filter((m) => (sink.connectionOf(m)?.openedAt ?? 0) >= cutAt).length;
    if (arrivedWhileDown > 0) problems.push(`${arrivedWhileDown} reminders arrived while the SMTP server was unreachable (the cut did not hold)`);
    if (waiting.pending === 0) problems.push('the outbox showed nothing waiting during the outage');
    if (waiting.withReason < waiting.pending) problems.push(`${waiting.pending - waiting.withReason} pending reminders without a reason in last_error`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - cutAt))));
    await proxy.restore();
    const restoredAt = Date.now();

    const { doneAt, tally } = await settleFanOut({
      pg,
      mail: sink,
      messages,
      handles,
      problems,
      failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined),
      stopWorker: () => running.stop(),
      noErrorLeft: true,
    });

    const row = {
      scenario: 'SMTP unreachable mid fan-out',
      ...mailColumns(tally),
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; cut after ${arrivedAtCut} had arrived, for ${((restoredAt - cutAt) / 1000).toFixed(0)} s; meanwhile the outbox showed ${waiting.pending} pending, ` +
        `${waiting.withReason} with a reason (${[...waiting.reasons].join(' | ').slice(0, 120)}), up to ${waiting.maxAttempts} attempts; ` +
        `all sent ${((doneAt - restoredAt) / 1000).toFixed(1)} s after it was back` +
        (tally.duplicateKeys.length ? `; duplicated: ${tally.duplicateKeys.join(', ')}` : ''),
      problems,
    };
    recordRow(row);
    expectPromiseKept(row);
  }, 900_000);
});
