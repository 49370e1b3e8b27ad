// The fault suite's servers: the same real PostgreSQL, Temporal dev server and SMTP sink as
// the int tier (scenarios that restart a server start one of their own), plus the file
// where each scenario records its row of the table. Relative imports only (jest's global
// setup does not apply moduleNameMapper).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import globalSetup from '../test/support/global-setup';
import { TEST_ENV } from '../test/support/test-env';
import { FAULT_RESULTS_ENV } from './lib/results';

export default async function faultsGlobalSetup(): Promise<void> {
  await globalSetup();
  const file = path.join(process.env[TEST_ENV.scratchDir]!, 'fault-results.jsonl');
  writeFileSync(file, '');
  process.env[FAULT_RESULTS_ENV] = file;
}
