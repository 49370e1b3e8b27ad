import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, ConfigModule, loggerParams, ServiceConfig } from '@fullfolj/config';
import { DatabaseModule } from '@fullfolj/database';
import { MailModule } from '@fullfolj/mail';
import { HealthModule } from './health/health.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: ServiceConfig) => loggerParams(config, 'api') }),
    DatabaseModule,
    MailModule,
    TemporalModule,
    HealthModule,
  ],
})
export class AppModule {}
