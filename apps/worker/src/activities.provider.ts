import type { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Activities, createActivities } from '@fullfolj/activities';
import { APP_CONFIG, linkSigningSecret, ServiceConfig } from '@fullfolj/config';
import { NotificationRepository, OutboxRepository } from '@fullfolj/database';
import { MAIL_TRANSPORT, MailTransport } from '@fullfolj/mail';

/** Injection token of every activity the worker registers, built over their dependencies. */
export const ACTIVITIES = Symbol('ACTIVITIES');

/**
 * The worker's composition root for activities. The DataSource is handed on here and nowhere
 * else in apps/: the programme activities build their projection repository over it.
 */
export const activitiesProvider: FactoryProvider<Activities> = {
  provide: ACTIVITIES,
  inject: [APP_CONFIG, DataSource, OutboxRepository, NotificationRepository, MAIL_TRANSPORT],
  useFactory: (config: ServiceConfig, dataSource: DataSource, outbox: OutboxRepository, notifications: NotificationRepository, transport: MailTransport) =>
    createActivities({
      outbox,
      transport,
      from: config.smtp.from,
      dataSource,
      notifications,
      baseUrl: config.api.baseUrl,
      linkSecret: linkSigningSecret(config),
      linkTtlDays: config.links.ttlDays,
    }),
};
