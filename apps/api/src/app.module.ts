import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ConfigModule, loggerParams, ServiceConfig } from '@fullfolj/config';
import { DatabaseModule } from '@fullfolj/database';
import { MailModule } from '@fullfolj/mail';
import { AuthModule } from './auth/auth.module';
import { CodecModule } from './codec/codec.module';
import { DevOutboxModule } from './dev-outbox/dev-outbox.module';
import { FollowUpModule } from './follow-up/follow-up.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LinksModule } from './links/links.module';
import { MetricsModule } from './metrics/metrics.module';
import { MyWorkModule } from './my-work/my-work.module';
import { PeopleModule } from './people/people.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ScimModule } from './scim/scim.module';
import { SecurityModule } from './security/security.module';
import { TemporalModule } from './temporal/temporal.module';
import { VocabularyModule } from './vocabulary/vocabulary.module';

@Module({})
export class AppModule {
  /** `logDestination`: where the logs go instead of stdout (tests read them). */
  static register(config: ServiceConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        LoggerModule.forRoot(loggerParams(config, 'api', options.logDestination)),
        DatabaseModule,
        MailModule,
        TemporalModule,
        HealthModule,
        MetricsModule,
        // Before AuthModule: its CSRF guard runs before the session is looked up.
        SecurityModule,
        AuthModule,
        PeopleModule,
        ProgrammesModule,
        FollowUpModule,
        LinksModule,
        MyWorkModule,
        DevOutboxModule,
        VocabularyModule,
        ScimModule,
        CodecModule,
        PersonalDataModule,
        IdempotencyModule,
      ],
    };
  }
}
