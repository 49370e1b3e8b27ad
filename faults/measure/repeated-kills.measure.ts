import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { waitUntil } from '@fullfolj/runtime';
import type { ServiceConfig } from '@fullfolj/config';
import { spawnManaged } from '@fullfolj/runtime';
import { startWorkerProcess, testConfig, testDataConverter, testServices, workerProcessEnv, WorkerProcess } from '@fullfolj/testing';
import { connectFanOutServices, countSent, intendedReminders, MailPath, startFanOut, tallyMail } from '../lib/mail-fanout';

// Not part of `npm run test:faults`: measures how often a SIGKILL at a random instant of a
// running fan-out lands in the duplicate window (server accepted, mark not yet out of the
// worker). One long fan-out; the worker is killed at a random instant 1-4 s into a stretch of sending and a new
// one started, KILLS times; at the end every duplicate at the server is one kill that landed
// in the window. Run it with:
//   npx jest -c faults/jest.config.cjs --runInBand --testMatch '**/faults/measure/*.measure.ts'
// (FAULTS_MEASURE_KILLS, FAULTS_MEASURE_COUNT to change the sizes).

const KILLS = Number(process.env.FAULTS_MEASURE_KILLS ?? 30);
/** Another build of the worker to measure (e.g. an older commit's dist/), instead of this one's. */
const WORKER_MAIN = process.env.FAULTS_WORKER_MAIN;

async function startWorker(config: ServiceConfig, name: string): Promise<WorkerProcess> {
  if (!WORKER_MAIN) return startWorkerProcess(config, { name });
  const child = spawnManaged({ name, command: process.execPath, args: [WORKER_MAIN], env: workerProcessEnv(config) });
  let exited = false;
  void child.exited.then(() => (exited = true));
  // Give it the time the compiled worker needs to poll (startWorkerProcess waits for the poller).
  await new Promise((resolve) => setTimeout(resolve, 4000));
  if (exited) throw new Error(`${name} exited during start-up`);
  return { child, pid: child.process.pid ?? -1, taskQueue: config.temporal.taskQueue, exited: () => exited, output: () => '', kill: () => child.kill(), stop: () => child.stop('SIGTERM', 15_000) };
}
const COUNT = Number(process.env.FAULTS_MEASURE_COUNT ?? 3000);

describe('how often a kill lands in the duplicate window', () => {
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

  it(`${KILLS} kills during a fan-out of ${COUNT}`, async () => {
    const sink = (mail = await MailPath.start(services.scratchDir, 'measure-kill'));
    const config = testConfig({ SMTP_URL: sink.smtpUrl });
    const messages = intendedReminders(config, 'measure-kill', COUNT);
    let worker = await startWorker(config, 'worker-0');
    workers.push(worker);
    await startFanOut(new Client({ connection, dataConverter: testDataConverter(config) }), config, messages);
    const kills: Array<{ arrived: number; sent: number }> = [];
    for (let k = 1; k <= KILLS; k++) {
      // Only while sends are flowing (after a few kills, the dead workers' activities wait
      // out their timeout first): a random instant 1-4 s into a stretch with arrivals.
      for (;;) {
        const arrivedBefore = sink.arrived();
        await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 3000));
        if (sink.arrived() > arrivedBefore + 5) break;
      }
      await worker.kill();
      await new Promise((resolve) => setTimeout(resolve, 300));
      kills.push({ arrived: sink.arrived(), sent: await countSent(pg, messages) });
      worker = await startWorker(config, `worker-${k}`);
      workers.push(worker);
    }
    await waitUntil(async () => (await countSent(pg, messages)) === COUNT, { timeoutMs: 900_000, intervalMs: 1000, what: 'all sent' });
    await worker.stop();
    await sink.quiet();
    const tally = tallyMail(sink, messages);
    console.log(
      `${KILLS} kills during a fan-out of ${COUNT}: delivered ${tally.delivered}, lost ${tally.lost}, duplicates ${tally.duplicates} (window ${tally.windowDuplicates}, other ${tally.otherDuplicates}, new Message-ID ${tally.newIdDuplicates})` +
        ` (${tally.duplicateKeys.join(', ')}); kills that landed in the window: ${tally.duplicates} of ${KILLS}` +
        `; arrived/sent at each kill: ${kills.map((k) => `${k.arrived}/${k.sent}`).join(' ')}`,
    );
    expect(tally.lost).toBe(0);
  }, 1_800_000);
});
