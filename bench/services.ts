// The servers a benchmark run stands on, and the product's own processes (API, worker).
// DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL are honoured (a fresh database on that server);
// otherwise embedded ones start in a scratch folder. Everything started here is stopped by stopAll().
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfig, requireServices, ServiceConfig } from '@fullfolj/config';
import { runMigrations } from '@fullfolj/database';
import { freePort, ManagedChild, projectRoot, spawnManaged, startEmbeddedPostgres, startTemporalDevServer, waitForLine, waitUntil } from '@fullfolj/runtime';
import { Connection } from '@temporalio/client';
import { workerProcessEnv } from '@fullfolj/config';

type Stopper = () => Promise<void>;

export interface BenchServices {
  scratch: string;
  serverUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
  /** Folder where the embedded sink keeps messages (accept time = file mtime); undefined for an external SMTP server. */
  mailDir?: string;
  /** Where the bench leaves ready-made messages for the bare worker's send activity. */
  messagesFile: string;
  /** Pid of the embedded SMTP sink process, if one runs. */
  smtpPid?: number;
  embedded: { postgres: boolean; temporal: boolean; smtp: boolean };
  config(overrides?: Record<string, string>): ServiceConfig;
  /** The compiled product worker (dist/apps/worker) as its own process, polling the bench task queue. */
  startWorker(name?: string): Promise<ChildProcessHandle>;
  /** A bare Temporal worker (bench/bare-worker) with one trivial workflow, on a task queue of its own. */
  startBareWorker(): Promise<ChildProcessHandle & { taskQueue: string }>;
  startApi(): Promise<ApiProcess>;
  /** Starts a child (tracked; stopped by stopAll). */
  track(stop: Stopper): void;
  stopAll(): Promise<void>;
}

export interface ChildProcessHandle {
  pid: number;
  taskQueue: string;
  output(): string;
  stop(): Promise<void>;
}

/** Worker tuning passed on from the bench's own environment (see README, "Scaling out"). */
const TUNING = ['WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_MAX_CONCURRENT_ACTIVITIES', 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 'DATABASE_POOL_SIZE'];
export const tuningEnv = (): Record<string, string> => Object.fromEntries(TUNING.filter((k) => process.env[k]).map((k) => [k, process.env[k]!]));

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  child: ManagedChild;
  stop(): Promise<void>;
}

const quiet = (name: string, sink: string[]) => (line: string) => {
  sink.push(`[${name}] ${line}`);
  if (sink.length > 200) sink.shift();
};

export async function startServices(log: (line: string) => void): Promise<BenchServices> {
  const stoppers: Stopper[] = [];
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-bench-'));
  chmodSync(scratch, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const lines: string[] = [];
  const stopAll = async () => {
    for (const stop of [...stoppers].reverse()) await stop().catch((error: unknown) => log(`stop: ${String(error)}`));
    stoppers.length = 0;
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const [serverUrl, temporalAddress, smtp] = await Promise.all([
      (async () => {
        if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
        const pg = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'postgres'), port: await freePort(), database: 'postgres', log: quiet('postgres', lines) });
        stoppers.push(pg.stop);
        return pg.url;
      })(),
      (async () => {
        if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
        const temporal = await startTemporalDevServer({ port: await freePort(), log: quiet('temporal', lines) });
        stoppers.push(temporal.stop);
        return temporal.address;
      })(),
      (async () => {
        if (process.env.SMTP_URL) return { url: process.env.SMTP_URL, dir: undefined, pid: undefined };
        // The sink runs as its own process, so receiving mail does not compete with the
        // benchmark's own event loop (the limit sender runs there).
        const dir = path.join(scratch, 'mail');
        const port = await freePort();
        const child = spawnManaged({
          name: 'smtp-sink',
          command: process.execPath,
          args: [path.join(__dirname, 'smtp-sink-process.js'), dir, String(port)],
          cwd: projectRoot(),
          onLine: quiet('smtp', lines),
        });
        stoppers.push(() => child.stop('SIGTERM', 5000));
        await waitForLine(child.process, /listening/, child.exited, 30_000, 'SMTP sink');
        return { url: `smtp://127.0.0.1:${port}`, dir, pid: child.process.pid };
      })(),
    ]);

    const database = `fullfolj_bench_${Date.now()}_${process.pid}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${database}"`);
    stoppers.push(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    const databaseUrl = withDatabase(serverUrl, database);
    await runMigrations(databaseUrl);
    const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
    const linkSecret = randomBytes(32).toString('base64url');

    const config = (overrides: Record<string, string> = {}) =>
      requireServices(
        loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          TEMPORAL_ADDRESS: temporalAddress,
          SMTP_URL: smtp.url,
          TEMPORAL_TASK_QUEUE: taskQueue,
          DATA_DIR: path.join(scratch, 'data'),
          LINK_SIGNING_SECRET: linkSecret,
          SHUTDOWN_GRACE_SECONDS: '5',
          ...overrides,
        }),
      );

    const spawnWorker = async (name: string, args: string[], env: NodeJS.ProcessEnv, queue: string): Promise<ChildProcessHandle> => {
      const output: string[] = [];
      const child = spawnManaged({ name, command: process.execPath, args, cwd: projectRoot(), env, onLine: quiet(name, output) });
      const stop = () => child.stop('SIGTERM', 20_000);
      stoppers.push(stop);
      let exited = false;
      void child.exited.then(() => (exited = true));
      const pid = child.process.pid ?? -1;
      const connection = await Connection.connect({ address: temporalAddress });
      try {
        await waitUntil(
          async () => {
            const { pollers } = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: queue, kind: 1 }, taskQueueType: 1 });
            return (pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
          },
          { timeoutMs: 120_000, what: `${name} polling ${queue}`, intervalMs: 250, failIf: () => (exited ? `exited:\n${output.join('\n')}` : undefined) },
        );
      } finally {
        await connection.close();
      }
      return { pid, taskQueue: queue, output: () => output.join('\n'), stop };
    };

    const services: BenchServices = {
      scratch,
      serverUrl,
      databaseUrl,
      temporalAddress,
      smtpUrl: smtp.url,
      mailDir: smtp.dir,
      smtpPid: smtp.pid,
      messagesFile: path.join(scratch, 'bench-messages.json'),
      embedded: { postgres: !process.env.DATABASE_URL, temporal: !process.env.TEMPORAL_ADDRESS, smtp: !process.env.SMTP_URL },
      config,
      async startWorker(name = 'worker') {
        const c = config();
        // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the worker.
        const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
        return spawnWorker(name, [...nodeArgs, path.join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js')], { ...workerProcessEnv(c), ...tuningEnv() }, c.temporal.taskQueue);
      },
      async startBareWorker() {
        const queue = `${taskQueue}-bare`;
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: queue, SMTP_URL: smtp.url, BENCH_MESSAGES: services.messagesFile, ...tuningEnv() };
        return { ...(await spawnWorker('bare-worker', [path.join(__dirname, 'bare-worker.js')], env, queue)), taskQueue: queue };
      },
      async startApi() {
        const port = await freePort();
        const c = config();
        const output: string[] = [];
        const child = spawnManaged({
          name: 'api',
          command: process.execPath,
          args: [path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js')],
          cwd: projectRoot(),
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            NODE_ENV: c.env,
            LOG_LEVEL: c.logLevel,
            DATA_DIR: c.dataDir,
            DATABASE_URL: databaseUrl,
            TEMPORAL_ADDRESS: temporalAddress,
            TEMPORAL_TASK_QUEUE: taskQueue,
            SMTP_URL: smtp.url,
            API_PORT: String(port),
            LINK_SIGNING_SECRET: linkSecret,
            ...tuningEnv(),
          },
          onLine: quiet('api', output),
        });
        const stop = () => child.stop('SIGTERM', 10_000);
        stoppers.push(stop);
        let exited = false;
        void child.exited.then(() => (exited = true));
        const baseUrl = `http://127.0.0.1:${port}`;
        await waitUntil(async () => (await fetch(`${baseUrl}/health`)).status < 500, {
          timeoutMs: 120_000,
          what: 'API',
          intervalMs: 250,
          failIf: () => (exited ? `exited:\n${output.join('\n')}` : undefined),
        });
        return { baseUrl, pid: child.process.pid ?? -1, child, stop };
      },
      track(stop) {
        stoppers.push(stop);
      },
      stopAll,
    };
    return services;
  } catch (error) {
    log(lines.slice(-30).join('\n'));
    await stopAll();
    throw error;
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new PgClient({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Resident set size of a process in bytes (Linux /proc), and its peak since the last reset. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}
