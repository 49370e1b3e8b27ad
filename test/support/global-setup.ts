// Starts the real servers the int tier needs, once per `npm test`: PostgreSQL
// (embedded, or the server DATABASE_URL names, in a fresh database), a Temporal dev
// server (or TEMPORAL_ADDRESS), and an SMTP sink that keeps every message as a file.
// Relative imports only: jest does not apply moduleNameMapper to global setup.
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../libs/database/src/data-source';
import { startEmbeddedPostgres } from '../../libs/runtime/src/embedded-postgres';
import { freePort } from '../../libs/runtime/src/ports';
import { startSmtpSink } from '../../libs/runtime/src/smtp-sink';
import { startTemporalDevServer } from '../../libs/runtime/src/temporal-dev-server';
import { TEST_ENV } from './test-env';

type Stopper = () => Promise<void>;

export default async function globalSetup(): Promise<void> {
  const stoppers: Stopper[] = [];
  (globalThis as { __fullfolj_stoppers?: Stopper[] }).__fullfolj_stoppers = stoppers;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-test-'));
  chmodSync(scratch, 0o755); // embedded PostgreSQL runs as the postgres user when we are root

  const [serverUrl, temporalAddress, smtp] = await Promise.all([
    (async () => {
      if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
      const pg = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'postgres'), port: await freePort(), database: 'postgres' });
      stoppers.push(pg.stop);
      return pg.url;
    })(),
    (async () => {
      if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
      const temporal = await startTemporalDevServer({ port: await freePort() });
      stoppers.push(temporal.stop);
      return temporal.address;
    })(),
    startSmtpSink({ dir: path.join(scratch, 'mail'), port: await freePort() }),
  ]);
  stoppers.push(smtp.stop);

  // A database of its own for this run, so tests never touch real data.
  const testDb = `fullfolj_test_${Date.now()}_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${testDb}"`);
  stoppers.push(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${testDb}" WITH (FORCE)`));
  const databaseUrl = withDatabase(serverUrl, testDb);
  await runMigrations(databaseUrl);

  process.env[TEST_ENV.serverUrl] = serverUrl;
  process.env[TEST_ENV.databaseUrl] = databaseUrl;
  process.env[TEST_ENV.temporalAddress] = temporalAddress;
  process.env[TEST_ENV.smtpUrl] = smtp.url;
  process.env[TEST_ENV.mailDir] = smtp.dir;
  process.env[TEST_ENV.scratchDir] = scratch;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
