import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerParams, ServiceConfig } from '@fullfolj/config';
import { DatabaseModule } from '@fullfolj/database';
import { MailModule } from '@fullfolj/mail';
import { activitiesProvider } from './activities.provider';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerMetricsServer, workerMetricsProvider } from './worker-metrics';

@Module({})
export class WorkerModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.register(config), LoggerModule.forRoot(loggerParams(config, 'worker')), DatabaseModule, MailModule],
      providers: [workerMetricsProvider, WorkerMetricsServer, activitiesProvider, TemporalWorkerService],
      exports: [TemporalWorkerService, WorkerMetricsServer],
    };
  }
}
