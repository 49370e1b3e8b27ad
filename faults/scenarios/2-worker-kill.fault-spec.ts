import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { waitUntil } from '@fullfolj/runtime';
import { startWorkerProcess, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';
import { connectFanOutServices, countSent, intendedReminders, MailPath, mailColumns, settleFanOut, startFanOut } from '../lib/mail-fanout';
import { SEED, seeded, sized } from '../lib/plan';
import { expectPromiseKept, recordRow } from '../lib/results';

// The compiled worker is SIGKILLed (its whole process group, no shutdown hook) in the middle
// of a fan-out of 1,000 reminders, then a new worker process is started. At the SMTP server
// every reminder must have arrived by Message-ID, a second copy only where the first one's
// 250 never reached the worker (it connects through a TCP proxy that counts what it
// forwarded, see MailPath); the outbox all sent.
//
// The kill instant is not chosen to miss anything: it comes after a number of arrivals
// (between 15% and 70% of the fan-out) plus 0-40 ms, drawn from FAULTS_SEED, so it lands
// wherever the sends happen to be, including between the server's acceptance and the mark.

const COUNT = sized('FAULTS_KILL_COUNT', { full: 1000, ci: 200 });
const random = seeded('worker-kill');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

describe('worker SIGKILLed mid fan-out', () => {
  const services = testServices();
  const workers: WorkerProcess[] = [];
  let mail: MailPath | undefined;
  let connection: Connection;
  let pg: PgClient;

  let closeServices: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ connection, pg, close: closeServices } = await connectFanOutServices(services));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await mail?.stop();
    await closeServices?.();
  });

  it(`${COUNT} reminders, worker killed and restarted: none lost, duplicates only from the window`, async () => {
    const t0 = Date.now();
    const sink = (mail = await MailPath.start(services.scratchDir, 'fault-kill'));
    const config = testConfig({ SMTP_URL: sink.smtpUrl });
    const messages = intendedReminders(config, 'fault-kill', COUNT);
    const client = new Client({ connection, dataConverter: testDataConverter(config) });
    const problems: string[] = [];

    const first = await startWorkerProcess(config, { name: 'worker-1' });
    workers.push(first);
    const handles = await startFanOut(client, config, messages);

    // While the fan-out runs, sample how many reminders the server has stored whose "sent"
    // mark has not yet left the worker: those a kill at that instant would send twice. A mark
    // has left the worker once its COMMIT is committed or is being executed by PostgreSQL (a
    // backend running COMMIT). The running COMMITs are read just before and just after the
    // committed marks (three statements, each its own snapshot): subtracting the later read
    // misses a commit that finished in between, so errs high; subtracting the earlier one
    // counts it twice, so errs low. A sample counts only if nothing arrived while it was taken.
    const high: number[] = [];
    const low: number[] = [];
    const committing = async () =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query = 'COMMIT'`)).rows[0].n);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const stored = sink.arrived();
        const before = await committing();
        const marked = await countSent(pg, messages);
        const after = await committing();
        if (sink.arrived() === stored) {
          high.push(Math.max(0, stored - marked - after));
          low.push(Math.max(0, stored - marked - before));
        }
        await new Promise((resolve) => setTimeout(resolve, 30 + random() * 40));
      }
    })();

    const killAfter = Math.round(COUNT * (0.15 + random() * 0.55));
    await waitUntil(() => Promise.resolve(sink.arrived() >= killAfter), {
      timeoutMs: 240_000,
      intervalMs: 5,
      what: `${killAfter} reminders reaching the SMTP server`,
      failIf: () => (first.exited() ? `worker-1 exited:\n${first.output()}` : undefined),
    });
    await new Promise((resolve) => setTimeout(resolve, random() * 40));
    await first.kill();
    const killedAt = Date.now();
    sampling = false;
    await sampler;
    const sentAtKill = await countSent(pg, messages);
    const arrivedAtKill = sink.arrived();
    if (arrivedAtKill >= COUNT) problems.push('the kill came after every reminder had arrived: it tested nothing');

    const second = await startWorkerProcess(config, { name: 'worker-2' });
    workers.push(second);
    // The dead worker's activities come back when Temporal times them out (deliverMail:
    // startToCloseTimeout 1 minute), so this takes a minute and a bit.
    const { doneAt, tally } = await settleFanOut({
      pg,
      mail: sink,
      messages,
      handles,
      problems,
      failIf: () => (second.exited() ? `worker-2 exited:\n${second.output()}` : undefined),
      stopWorker: () => second.stop(),
      noErrorLeft: false,
    });

    const row = {
      scenario: 'worker SIGKILL mid fan-out',
      ...mailColumns(tally),
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; killed ${((killedAt - t0) / 1000).toFixed(1)} s in, after ${arrivedAtKill} had arrived and ${sentAtKill} were marked sent ` +
        `(${arrivedAtKill - sentAtKill} caught between the server's acceptance and the mark); ` +
        `a new worker finished the rest in ${((doneAt - killedAt) / 1000).toFixed(1)} s; ` +
        `sampled during the fan-out, reminders stored by the server whose mark had not left the worker: ` +
        `in ${low.filter((n) => n > 0).length}–${high.filter((n) => n > 0).length} of ${high.length} instants (mean ${mean(low).toFixed(3)}–${mean(high).toFixed(3)})` +
        (tally.duplicateKeys.length ? `; duplicated: ${tally.duplicateKeys.join(', ')}` : ''),
      problems,
    };
    recordRow(row);
    expectPromiseKept(row);
  }, 900_000);
});
