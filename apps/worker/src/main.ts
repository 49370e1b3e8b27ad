import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { loadConfig, requireServices } from '@fullfolj/config';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = requireServices(loadConfig());
  Runtime.install({ logger: new DefaultLogger(temporalLogLevel(config.logLevel)) });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Temporal's runtime handles SIGINT/SIGTERM: it shuts the worker down, run() resolves,
  // then the Nest context closes its database pool and SMTP transport.
  await app.get(TemporalWorkerService).run();
  await app.close();
}

function temporalLogLevel(level: string): LogLevel {
  const map: Record<string, LogLevel> = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'ERROR' };
  return map[level] ?? 'INFO';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
