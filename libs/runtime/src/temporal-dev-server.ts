import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { spawnManaged, waitUntil } from './child-process';
import { resolveTemporalCli } from './temporal-cli';

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * `temporal server start-dev`: a real Temporal server. With `dbFile` its state lives
 * in SQLite and workflows survive restarts; without it, state is in memory (tests).
 */
export async function startTemporalDevServer(options: {
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace?: string;
  /** Dynamic config values, e.g. { 'limit.historyCount.suggestContinueAsNew': 40 } in a test. */
  dynamicConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
}): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  const namespace = options.namespace ?? 'default';
  if (namespace !== 'default') args.push('--namespace', namespace);

  const child = spawnManaged({
    name: 'temporal',
    command: resolveTemporalCli(),
    args,
    onLine: (line) => options.log?.(line),
  });
  const address = `127.0.0.1:${options.port}`;
  let exited = false;
  void child.exited.then(() => (exited = true));
  await waitUntil(() => isTemporalReady(address, namespace), {
    timeoutMs: 60_000,
    what: 'Temporal dev server',
    intervalMs: 250,
    failIf: () => (exited ? 'exited during start-up' : undefined),
  });
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => child.stop('SIGTERM', 20_000),
    kill: () => child.kill(),
  };
}

export async function isTemporalReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
