// Benchmark 2: programme starts through the API, and the limit: empty workflow starts with
// the Temporal client against the same server. Benchmark 5 (worker memory) reads the workers'
// resident memory before and after, so it shares the programmes started here.
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { BenchPerson, BenchResult, http, pool, round, seedPeople, sleep } from './common';
import { Roles, withCpu } from './cpu';
import { ApiProcess, BenchServices, ChildProcessHandle, memoryOf } from './services';

export interface StartedProgrammes {
  ids: string[];
  owner: BenchPerson;
  people: BenchPerson[];
}

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const d = (monthDay: string, later = 0) => `${NEXT_YEAR + later}-${monthDay}`;

/** The SKR programme's start request, with the people given; it runs next year, so it waits for its first phase. */
export function skrStart(id: string, p: { chair: string; member: string; politician: string; secretary: string; official: string; headTeacher: string }) {
  return {
    id,
    templateId: 'skr-fullfoljd-utbildning',
    name: `Fullföljd utbildning ${NEXT_YEAR} (${id.slice(0, 8)})`,
    programmeStart: d('01-04'),
    dates: { kickoff: d('01-27'), teamMeetings: [d('04-05'), d('08-18')], closingMeeting: d('11-23'), statusReportDue: d('06-10'), finalReportDue: d('02-15', 1) },
    steeringGroup: { chairId: p.chair, memberIds: [p.member] },
    referenceGroupIds: [p.politician],
    teams: [{ name: 'Utvecklingsteam', memberIds: [p.headTeacher] }],
    secretaryId: p.secretary,
    responsibles: { officials: p.official, head_teachers: p.headTeacher },
  };
}

export async function seedProgrammePeople(db: Pool): Promise<{ owner: BenchPerson; people: BenchPerson[] }> {
  const [owner] = await seedPeople(db, 1, { prefix: 'owner', canOwnProgrammes: true, withTokens: true });
  const people = await seedPeople(db, 200, { prefix: 'official', withTokens: true });
  return { owner: owner, people };
}

/** Starts `count` SKR programmes through the API, `concurrency` requests at a time; returns their ids and the time taken. */
export async function startProgrammes(api: ApiProcess, db: Pool, who: { owner: BenchPerson; people: BenchPerson[] }, count: number, concurrency: number) {
  const ids = Array.from({ length: count }, () => randomUUID());
  const pick = (i: number, k: number) => who.people[(i * 7 + k) % who.people.length].id;
  const failures: string[] = [];
  const t0 = performance.now();
  await pool(ids, concurrency, async (id, i) => {
    const body = skrStart(id, { chair: pick(i, 0), member: pick(i, 1), politician: pick(i, 2), secretary: pick(i, 3), official: pick(i, 4), headTeacher: pick(i, 5) });
    const res = await http(api.baseUrl, who.owner.token, 'POST', '/programmes', body);
    if (res.status !== 201) failures.push(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  });
  const seconds = (performance.now() - t0) / 1000;
  const running: number = (await db.query(`SELECT count(*)::int AS n FROM programme WHERE id = ANY($1::uuid[]) AND status = 'running'`, [ids])).rows[0].n;
  return { ids, seconds, running, failures };
}

export interface MemoryProbe {
  worker: ChildProcessHandle;
  bare: ChildProcessHandle & { taskQueue: string };
}

export async function benchStarts(
  services: BenchServices,
  api: ApiProcess,
  db: Pool,
  probe: MemoryProbe,
  options: { programmes: number; concurrency: number; roles: Roles },
  log: (line: string) => void,
): Promise<{ results: BenchResult[]; started: StartedProgrammes }> {
  const n = options.programmes;
  const who = await seedProgrammePeople(db);
  // Warm-up in both workers: the first workflows load the bundle and open connections.
  await startProgrammes(api, db, who, 3, 3);
  const run = randomUUID().slice(0, 8);
  const warm = await Connection.connect({ address: services.temporalAddress });
  try {
    for (let i = 0; i < 3; i++) await new Client({ connection: warm }).workflow.execute('benchEmptyWorkflow', { workflowId: `bench-empty-warm-${run}-${i}`, taskQueue: probe.bare.taskQueue, args: [1] });
  } finally {
    await warm.close();
  }
  await sleep(3000);
  const before = { worker: memoryOf(probe.worker.pid).rss, bare: memoryOf(probe.bare.pid).rss };
  const roles = { ...options.roles, bare: probe.bare.pid };
  const { value: product, cpu: productCpu } = await withCpu(roles, () => startProgrammes(api, db, who, n, options.concurrency));
  if (product.failures.length > 0) log(`starts: ${product.failures.length} failed, first: ${product.failures[0]}`);
  log(`starts product: ${n} programmes in ${product.seconds.toFixed(1)} s, ${product.running} running`);

  const connection = await Connection.connect({ address: services.temporalAddress });
  let limitSeconds: number;
  let limitCpu: Record<string, number | string>;
  try {
    const client = new Client({ connection });
    const t0 = performance.now();
    limitCpu = (
      await withCpu(roles, () =>
        pool(Array.from({ length: n }, (_, i) => i), options.concurrency, async (i) => {
          await client.workflow.start('benchEmptyWorkflow', { workflowId: `bench-empty-${run}-${i}`, taskQueue: probe.bare.taskQueue });
        }),
      )
    ).cpu;
    limitSeconds = (performance.now() - t0) / 1000;
  } finally {
    await connection.close();
  }
  log(`starts limit: ${n} empty workflows in ${limitSeconds.toFixed(1)} s`);

  // Worker memory: both workers hold their N open workflows; let them settle first.
  await sleep(5000);
  const after = { worker: memoryOf(probe.worker.pid).rss, bare: memoryOf(probe.bare.pid).rss };
  const perProgramme = (after.worker - before.worker) / n;
  const perEmpty = (after.bare - before.bare) / n;
  const kib = (b: number) => round(b / 1024, 1);
  const mib = (b: number) => round(b / 2 ** 20, 1);
  const productRate = product.running / product.seconds;
  const limitRate = n / limitSeconds;
  return {
    started: { ids: product.ids, owner: who.owner, people: who.people },
    results: [
      {
        name: 'programme starts',
        product: {
          what: `POST /programmes (SKR template) × ${n}, ${options.concurrency} at a time, as the owner; each returns once its workflow has written the read model`,
          figure: round(productRate, 1),
          unit: 'starts/s',
          details: { seconds: round(product.seconds, 2), running: product.running, failed: product.failures.length, ...productCpu },
        },
        limit: {
          what: `Temporal client workflow.start × ${n} of an empty workflow (bare worker polling), ${options.concurrency} at a time`,
          figure: round(limitRate, 1),
          unit: 'starts/s',
          details: { seconds: round(limitSeconds, 2), ...limitCpu },
        },
        ratio: round(productRate / limitRate, 3),
        ratioMeaning: 'product rate ÷ limit rate (1 = as fast as bare starts)',
        notes: product.failures.slice(0, 3),
      },
      {
        name: 'worker memory',
        product: {
          what: `resident memory of the product worker (dist/apps/worker, own process) with ${n} open SKR programmes, per programme`,
          figure: kib(perProgramme),
          unit: 'KiB/programme',
          details: { 'RSS before MiB': mib(before.worker), 'RSS after MiB': mib(after.worker) },
        },
        limit: {
          what: `resident memory of a bare Temporal worker (same SDK, no Nest/DB/mail) with ${n} open empty workflows asleep on a timer, per workflow`,
          figure: kib(perEmpty),
          unit: 'KiB/workflow',
          details: { 'RSS before MiB': mib(before.bare), 'RSS after MiB': mib(after.bare) },
        },
        ratio: round(perProgramme / perEmpty, 2),
        ratioMeaning: 'product per programme ÷ bare per workflow (1 = no more than the SDK needs for any open workflow)',
        notes: [
          'RSS sampled 5 s after the last start; V8 may not have collected garbage, so per-item figures carry some noise',
          `cache: ${process.env.WORKER_MAX_CACHED_WORKFLOWS ? `WORKER_MAX_CACHED_WORKFLOWS=${process.env.WORKER_MAX_CACHED_WORKFLOWS}` : `the SDK's default, about ${defaultCache()} workflows on this machine`} in both workers`,
        ],
      },
    ],
  };
}

/** The Temporal SDK's default maxCachedWorkflows for a process with this Node's default heap limit. */
function defaultCache(): number {
  const heapMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}
