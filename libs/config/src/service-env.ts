import type { ServiceConfig } from './config';
import { formatPayloadKeys } from './payload-keys';

/** The environment a deployed worker would get, taken from a (test) config: nothing inherited but PATH and HOME. */
export function workerProcessEnv(config: ServiceConfig): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: config.env,
    LOG_LEVEL: config.logLevel,
    DATA_DIR: config.dataDir,
    DATABASE_URL: config.database.url,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    // Unset: the worker keeps a generated key in DATA_DIR, as the parent does.
    ...(config.temporal.payloadKeys ? { TEMPORAL_PAYLOAD_KEYS: formatPayloadKeys(config.temporal.payloadKeys) } : {}),
    SMTP_URL: config.smtp.url,
    MAIL_FROM: config.smtp.from,
    SHUTDOWN_GRACE_SECONDS: String(config.shutdownGraceSeconds),
    ...(config.metrics.token ? { METRICS_TOKEN: config.metrics.token } : {}),
    ...(config.metrics.public ? { METRICS_PUBLIC: 'true' } : {}),
    METRICS_HOST: config.metrics.host,
    METRICS_PORT: String(config.metrics.port),
    ...(config.metrics.temporalPort ? { TEMPORAL_METRICS_PORT: String(config.metrics.temporalPort) } : {}),
    ...(config.tracing.endpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: config.tracing.endpoint } : {}),
  };
}
