import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { waitUntil } from '@fullfolj/runtime';
import { hostPort, startWorkerProcess, TcpProxy, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';
import { recordRow } from '../lib/results';
import { connectFanOutServices, intendedReminders, outboxRows, settleFanOut, SinkCounter, startFanOut } from '../lib/mail-fanout';

// The SMTP server becomes unreachable for a minute in the middle of a fan-out: a TCP proxy
// between the worker and the server drops every open connection and refuses new ones, then
// lets them through again. Meanwhile the outbox must show the waiting reminders (pending,
// with the reason); afterwards every reminder must have arrived once by Message-ID.
// The cut comes after a random share (10-40%) of the fan-out has arrived, wherever the
// sends happen to be at that moment.

const COUNT = Number(process.env.FAULTS_OUTAGE_COUNT ?? 500);
const OUTAGE_SECONDS = Number(process.env.FAULTS_OUTAGE_SECONDS ?? 60);

describe('SMTP server unreachable during a fan-out', () => {
  const services = testServices();
  let worker: WorkerProcess | undefined;
  let proxy: TcpProxy | undefined;
  let connection: Connection;
  let pg: PgClient;

  let closeServices: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ connection, pg, close: closeServices } = await connectFanOutServices(services));
  });

  afterAll(async () => {
    await worker?.kill();
    await proxy?.stop();
    await closeServices?.();
  });

  it(`${COUNT} reminders, SMTP cut for ${OUTAGE_SECONDS} s: all delivered once, the outbox showed them waiting`, async () => {
    const t0 = Date.now();
    proxy = await TcpProxy.start(hostPort(new URL(services.smtpUrl).host));
    const config = testConfig({ SMTP_URL: `smtp://${proxy.address}` });
    const messages = intendedReminders(config, 'fault-outage', COUNT);
    const sink = new SinkCounter(services.mailDir);
    const problems: string[] = [];
    worker = await startWorkerProcess(config, { name: 'worker-outage' });
    const running = worker;
    const handles = await startFanOut(new Client({ connection, dataConverter: testDataConverter(config) }), config, messages);

    const cutAfter = Math.round(COUNT * (0.1 + Math.random() * 0.3));
    await waitUntil(() => Promise.resolve(sink.arrived() >= cutAfter), {
      timeoutMs: 240_000,
      intervalMs: 5,
      what: `${cutAfter} reminders reaching the SMTP server`,
      failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined),
    });
    await proxy.cut();
    const cutAt = Date.now();
    const arrivedAtCut = sink.arrived();

    // While it is down: the outbox shows every unsent reminder pending, with why.
    let waiting = { pending: 0, withReason: 0, reasons: new Set<string>(), maxAttempts: 0 };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_SECONDS * 1000 - 15_000)));
    const rowsWhileDown = await outboxRows(pg, messages);
    const pending = rowsWhileDown.filter((r) => r.status === 'pending');
    waiting = {
      pending: pending.length,
      withReason: pending.filter((r) => r.last_error).length,
      reasons: new Set(pending.map((r) => (r.last_error ?? '').replace(/\d+\.\d+\.\d+\.\d+:\d+/, 'host:port'))),
      maxAttempts: Math.max(0, ...pending.map((r) => r.attempts)),
    };
    const arrivedWhileDown = sink.arrived() - arrivedAtCut;
    if (arrivedWhileDown > 0) problems.push(`${arrivedWhileDown} reminders arrived while the SMTP server was unreachable (the cut did not hold)`);
    if (waiting.pending === 0) problems.push('the outbox showed nothing waiting during the outage');
    if (waiting.withReason < waiting.pending) problems.push(`${waiting.pending - waiting.withReason} pending reminders without a reason in last_error`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - cutAt))));
    await proxy.restore();
    const restoredAt = Date.now();

    const { doneAt, tally } = await settleFanOut({
      pg,
      sink,
      messages,
      handles,
      problems,
      failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined),
      noErrorLeft: true,
    });

    recordRow({
      scenario: 'SMTP unreachable mid fan-out',
      sent: COUNT,
      delivered: tally.delivered,
      duplicates: tally.duplicates,
      lost: tally.lost,
      seconds: (Date.now() - t0) / 1000,
      notes:
        `cut after ${arrivedAtCut} had arrived, for ${((restoredAt - cutAt) / 1000).toFixed(0)} s; meanwhile the outbox showed ${waiting.pending} pending, ` +
        `${waiting.withReason} with a reason (${[...waiting.reasons].join(' | ').slice(0, 120)}), up to ${waiting.maxAttempts} attempts; ` +
        `all sent ${((doneAt - restoredAt) / 1000).toFixed(1)} s after it was back` +
        (tally.duplicateKeys.length ? `; duplicated: ${tally.duplicateKeys.join(', ')}` : ''),
      problems,
    });
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ delivered: COUNT, duplicates: 0, lost: 0 });
  }, 600_000);
});
