import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { dataSourceOptions } from './data-source';
import { ApiTokenRepository } from './api-token.repository';
import { FollowUpRepository } from './follow-up.repository';
import { IndicatorRepository } from './indicator.repository';
import { IndicatorNotificationRepository } from './indicator-notification.repository';
import { NotificationRepository } from './notification.repository';
import { OutboxRepository } from './outbox.repository';
import { PeopleRepository } from './people.repository';
import { ProgrammeProjectionRepository } from './programme-projection.repository';
import { ProgrammeReadRepository } from './programme-read.repository';
import { SessionRepository } from './session.repository';
import { SecurityAuditRepository } from './security-audit.repository';
import { ExternalIdentityRepository } from './external-identity.repository';
import { LocalAccountRepository } from './local-account.repository';
import { TemplateRepository } from './template.repository';
import { WorkRepository } from './work.repository';
import { PersonLifecycleRepository } from './person-lifecycle.repository';
import { ScimRepository } from './scim.repository';
import { SamlStateRepository } from './saml-state.repository';
import { ThrottleRepository } from './throttle.repository';
import { PersonalDataRepository } from './personal-data.repository';
import { RetentionRepository } from './retention.repository';
import { IdempotencyRepository } from './idempotency.repository';

/** Every repository; each is constructed over the DataSource that TypeOrmModule provides here. */
const repositories = [
  OutboxRepository,
  ProgrammeReadRepository,
  ProgrammeProjectionRepository,
  TemplateRepository,
  FollowUpRepository,
  IndicatorRepository,
  IndicatorNotificationRepository,
  WorkRepository,
  PeopleRepository,
  SessionRepository,
  ApiTokenRepository,
  NotificationRepository,
  SecurityAuditRepository,
  ExternalIdentityRepository,
  LocalAccountRepository,
  PersonLifecycleRepository,
  ScimRepository,
  SamlStateRepository,
  ThrottleRepository,
  PersonalDataRepository,
  RetentionRepository,
  IdempotencyRepository,
];

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
  providers: repositories,
  exports: repositories,
})
export class DatabaseModule {}
