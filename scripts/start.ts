/**
 * `npm start`: brings up Temporal, PostgreSQL and SMTP (embedded unless configured),
 * applies migrations, then runs the worker and the API. Ctrl-C stops everything it
 * started, in reverse order; data under DATA_DIR is kept for the next start.
 */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppConfig, childLogFormatter, ConfigError, loadConfig, redactUrl } from '@fullfolj/config';
import { runMigrations } from '@fullfolj/database';
import {
  isListening,
  ManagedChild,
  projectRoot,
  spawnManaged,
  startEmbeddedPostgres,
  startSmtpSink,
  startTemporalDevServer,
  waitUntil,
} from '@fullfolj/runtime';

type Stop = { name: string; stop: () => Promise<void> };

const stops: Stop[] = [];
let stopping = false;

function say(message: string): void {
  process.stdout.write(`[fullfolj] ${message}\n`);
}

async function ensureFree(port: number, variable: string, what: string): Promise<void> {
  if (await isListening(port)) {
    throw new Error(`port ${port} for the ${what} is already in use; set ${variable} to another port${variable === 'API_PORT' ? '' : ', or point at an existing server'}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureFree(config.api.port, 'API_PORT', 'API');
  const quietLog = (prefix: string) => (line: string) => {
    if (config.logLevel === 'debug' || config.logLevel === 'trace') process.stderr.write(`[${prefix}] ${line}\n`);
  };
  say(`data folder: ${config.dataDir}`);

  let temporalAddress = config.temporal.address;
  if (temporalAddress) {
    say(`Temporal: using ${temporalAddress} (TEMPORAL_ADDRESS)`);
  } else {
    await ensureFree(config.temporal.devPort, 'TEMPORAL_DEV_PORT', 'Temporal server');
    await ensureFree(config.temporal.uiPort, 'TEMPORAL_UI_PORT', 'Temporal Web UI');
    say('Temporal: starting the dev server (temporal server start-dev) …');
    // Workflow histories hold names and comments: the folder and its database are the owner's only.
    const temporalDir = ownerOnlyFolder(path.join(config.dataDir, 'temporal'));
    const temporal = await startTemporalDevServer({
      port: config.temporal.devPort,
      uiPort: config.temporal.uiPort,
      dbFile: path.join(temporalDir, 'temporal.db'),
      namespace: config.temporal.namespace,
      log: quietLog('temporal'),
    });
    stops.push({ name: 'Temporal', stop: () => temporal.stop() });
    for (const file of readdirSync(temporalDir)) chmodSync(path.join(temporalDir, file), 0o600);
    temporalAddress = temporal.address;
    say(`Temporal: ${temporal.address}, Web UI ${temporal.uiUrl}`);
  }

  let databaseUrl = config.database.url;
  if (databaseUrl) {
    say(`PostgreSQL: using ${redactUrl(databaseUrl)} (DATABASE_URL)`);
  } else {
    await ensureFree(config.database.embeddedPort, 'EMBEDDED_POSTGRES_PORT', 'PostgreSQL');
    say('PostgreSQL: starting embedded PostgreSQL …');
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.database.embeddedPort,
      log: quietLog('postgres'),
    });
    stops.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
    databaseUrl = postgres.url;
    say(`PostgreSQL: ${redactUrl(databaseUrl)}`);
  }

  let smtpUrl = config.smtp.url;
  let devMailDir: string | undefined;
  if (smtpUrl) {
    say(`SMTP: using ${redactUrl(smtpUrl)} (SMTP_URL)`);
  } else {
    await ensureFree(config.smtp.embeddedPort, 'EMBEDDED_SMTP_PORT', 'SMTP server');
    const sink = await startSmtpSink({ dir: path.join(config.dataDir, 'mail'), port: config.smtp.embeddedPort });
    stops.push({ name: 'SMTP', stop: () => sink.stop() });
    smtpUrl = sink.url;
    devMailDir = sink.dir;
    say(`SMTP: embedded server at ${sink.url}; every message is kept in ${sink.dir}`);
  }

  const applied = await runMigrations(databaseUrl);
  say(applied.length > 0 ? `database: applied migrations ${applied.join(', ')}` : 'database: schema is up to date');

  const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl };
  // The development outbox page reads what the embedded sink kept (never in production).
  if (devMailDir && config.env !== 'production') Object.assign(env, { DEV_MAIL_DIR: devMailDir });
  const dist = path.join(projectRoot(), 'dist', 'apps');
  const worker = startApp('worker', path.join(dist, 'worker', 'src', 'main.js'), env, config);
  const api = startApp('api', path.join(dist, 'api', 'src', 'main.js'), env, config);
  let apiExited = false;
  void api.exited.then(() => (apiExited = true));
  // A wildcard address answers on loopback too; a specific one only on itself.
  const apiProbeHost = ['0.0.0.0', '::'].includes(config.api.host) ? '127.0.0.1' : config.api.host;
  await waitUntil(() => isListening(config.api.port, apiProbeHost), {
    timeoutMs: 60_000,
    what: 'API',
    failIf: () => (apiExited ? 'exited during start-up' : undefined),
  });
  say(`worker: running (pid ${worker.process.pid})`);
  say(`API and web app: http://localhost:${config.api.port}  (health: /health, OpenAPI: /api/docs)`);
  say('Ready. Press Ctrl-C to stop.');
}

/** Makes `dir` (and creates it if need be) readable by its owner only, also when an earlier start made it 0755. */
function ownerOnlyFolder(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The API's and worker's JSON lines, readable when our stdout is a terminal (their own stdout is a pipe). */
const formatLine = childLogFormatter(process.stdout);

function startApp(name: string, script: string, env: NodeJS.ProcessEnv, config: AppConfig): ManagedChild {
  const child = spawnManaged({
    name,
    command: process.execPath,
    args: ['--enable-source-maps', script],
    env,
    onLine: (line) => process.stdout.write(`[${name}] ${formatLine(line)}\n`),
  });
  // The API and worker stop before the services they depend on.
  stops.push({ name, stop: () => child.stop('SIGTERM', (config.shutdownGraceSeconds + 10) * 1000) });
  void child.exited.then((code) => {
    if (!stopping) {
      say(`${name} exited unexpectedly (${String(code)}); stopping everything`);
      void shutdown(1);
    }
  });
  return child;
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping …');
  for (const { name, stop } of [...stops].reverse()) {
    try {
      await stop();
      say(`${name} stopped`);
    } catch (error) {
      say(`${name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`[fullfolj] start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
