import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { dataSourceOptions } from './data-source';
import { FollowUpRepository } from './follow-up.repository';
import { OutboxRepository } from './outbox.repository';
import { ProgrammeReadRepository } from './programme-read.repository';
import { TemplateRepository } from './template.repository';
import { WorkRepository } from './work.repository';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Fail fast at start if the database is unreachable; later outages surface in /health.
      useFactory: (config: ServiceConfig) => ({
        ...dataSourceOptions(config.database.url, { extra: { max: config.database.poolSize, connectionTimeoutMillis: 5000 } }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [OutboxRepository, ProgrammeReadRepository, TemplateRepository, FollowUpRepository, WorkRepository],
  exports: [OutboxRepository, ProgrammeReadRepository, TemplateRepository, FollowUpRepository, WorkRepository],
})
export class DatabaseModule {}
