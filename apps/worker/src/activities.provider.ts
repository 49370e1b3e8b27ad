import type { FactoryProvider } from '@nestjs/common';
import { Activities, createActivities } from '@fullfolj/activities';
import { APP_CONFIG, linkSigningSecret, ServiceConfig } from '@fullfolj/config';
import {
  IndicatorNotificationRepository,
  IndicatorRepository,
  NotificationRepository,
  OutboxRepository,
  ProgrammeProjectionRepository,
  RetentionRepository,
} from '@fullfolj/database';
import { MAIL_TRANSPORT, MailTransport } from '@fullfolj/mail';
import { WORKER_METRICS, WorkerMetrics } from './worker-metrics';

/** Injection token of every activity the worker registers, built over their dependencies. */
export const ACTIVITIES = Symbol('ACTIVITIES');

/**
 * The worker's composition root for activities: they get the repositories DatabaseModule
 * provides and the mail transport, never a DataSource.
 */
export const activitiesProvider: FactoryProvider<Activities> = {
  provide: ACTIVITIES,
  inject: [
    APP_CONFIG,
    ProgrammeProjectionRepository,
    OutboxRepository,
    NotificationRepository,
    RetentionRepository,
    IndicatorRepository,
    IndicatorNotificationRepository,
    MAIL_TRANSPORT,
    WORKER_METRICS,
  ],
  useFactory: (
    config: ServiceConfig,
    projection: ProgrammeProjectionRepository,
    outbox: OutboxRepository,
    notifications: NotificationRepository,
    retention: RetentionRepository,
    indicators: IndicatorRepository,
    indicatorNotifications: IndicatorNotificationRepository,
    transport: MailTransport,
    metrics: WorkerMetrics,
  ) =>
    createActivities({
      outbox,
      transport,
      from: config.smtp.from,
      projection,
      notifications,
      retention,
      indicators,
      indicatorNotifications,
      baseUrl: config.api.baseUrl,
      linkSecret: linkSigningSecret(config),
      linkTtlDays: config.links.ttlDays,
      metrics: metrics.activities,
    }),
};
