import 'reflect-metadata';
import { loadConfig, requireServices } from '@fullfolj/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = requireServices(loadConfig());
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
