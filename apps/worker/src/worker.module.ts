import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, ConfigModule, loggerParams, ServiceConfig } from '@fullfolj/config';
import { DatabaseModule } from '@fullfolj/database';
import { MailModule } from '@fullfolj/mail';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: ServiceConfig) => loggerParams(config, 'worker') }),
    DatabaseModule,
    MailModule,
  ],
  providers: [TemporalWorkerService],
})
export class WorkerModule {}
