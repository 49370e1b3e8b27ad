/** Applies committed migrations to DATABASE_URL (used by docker/ and by operators). */
import { loadConfig } from '@fullfolj/config';
import { runMigrations } from '@fullfolj/database';

async function main(): Promise<void> {
  const url = loadConfig().database.url;
  if (!url) throw new Error('DATABASE_URL is not set');
  const applied = await runMigrations(url);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
