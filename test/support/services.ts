import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { loadConfig, requireServices, ServiceConfig, temporalPayloadKeys } from '@fullfolj/config';
import { encryptedDataConverter } from '@fullfolj/runtime';
import { TEST_ENV } from './test-env';

export interface TestServices {
  serverUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
  mailDir: string;
  scratchDir: string;
}

/** The real servers that the int tier's global setup started. */
export function testServices(): TestServices {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run this test through jest's int project (npm test)`);
    return value;
  };
  return {
    serverUrl: get(TEST_ENV.serverUrl),
    databaseUrl: get(TEST_ENV.databaseUrl),
    temporalAddress: get(TEST_ENV.temporalAddress),
    smtpUrl: get(TEST_ENV.smtpUrl),
    mailDir: get(TEST_ENV.mailDir),
    scratchDir: get(TEST_ENV.scratchDir),
  };
}

/** Encrypts Temporal payloads in this test file's processes (API, workers, clients made from testConfig()). */
const TEST_PAYLOAD_KEYS = `test:${randomBytes(32).toString('base64')}`;

/** A config pointing at the test servers, with a task queue and data folder of its own so test files don't share them. */
/** The environment of a test's API or worker: the run's shared servers, a task queue and data folder of its own, then `overrides`. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const services = testServices();
  const id = randomUUID();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    SMTP_URL: services.smtpUrl,
    TEMPORAL_TASK_QUEUE: `test-${id}`,
    // Files a process keeps (e.g. the development session secret) go to the run's scratch folder.
    DATA_DIR: path.join(services.scratchDir, `data-${id}`),
    SHUTDOWN_GRACE_SECONDS: '5',
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    // Every test client is 127.0.0.1, and the whole run shares the database's failure counts.
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: '1000000',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string> = {}): ServiceConfig {
  return requireServices(loadConfig(testEnv(overrides)));
}

/** The encrypting converter of the API and worker made from `config`, for a test's own Temporal client. */
export function testDataConverter(config: ServiceConfig): DataConverter {
  return encryptedDataConverter(temporalPayloadKeys(config));
}
