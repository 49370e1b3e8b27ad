import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime, RuntimeOptions } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { loadConfig, requireServices, ServiceConfig } from '@fullfolj/config';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = requireServices(loadConfig());
  Runtime.install({ logger: new DefaultLogger(temporalLogLevel(config.logLevel)), ...temporalTelemetry(config) });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Temporal's runtime handles SIGINT/SIGTERM: it shuts the worker down, run() resolves,
  // then the Nest context closes its database pool and SMTP transport.
  await app.get(TemporalWorkerService).run();
  await app.close();
}

/** The SDK's own metrics (workflow task latency, activity failures, polls) on TEMPORAL_METRICS_PORT, unprotected. */
function temporalTelemetry(config: ServiceConfig): Pick<RuntimeOptions, 'telemetryOptions'> {
  const port = config.metrics.temporalPort;
  if (port === undefined) return {};
  const host = config.metrics.host.includes(':') ? `[${config.metrics.host}]` : config.metrics.host;
  return { telemetryOptions: { metrics: { prometheus: { bindAddress: `${host}:${port}`, countersTotalSuffix: true, useSecondsForDurations: true } } } };
}

function temporalLogLevel(level: string): LogLevel {
  const map: Record<string, LogLevel> = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'ERROR' };
  return map[level] ?? 'INFO';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
