import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { Counter, Histogram, type Registry } from 'prom-client';

/** What the activities count for the worker's /metrics; the worker's composition root makes it. */
export interface ActivityMetrics {
  /** A message the SMTP server accepted. */
  mailSent(): void;
  /** A message the SMTP server refused for good (5xx); it will not be retried. */
  mailFailed(): void;
  /** A send that failed for now (connection, 4xx); Temporal retries it. */
  mailRetried(): void;
  /** A reminder that went out, `latenessSeconds` after the instant it was planned for. */
  reminderSent(kind: string, latenessSeconds: number): void;
  /** A failed activity attempt (each retry counts). */
  activityFailed(activityType: string): void;
}

export const noActivityMetrics: ActivityMetrics = {
  mailSent: () => undefined,
  mailFailed: () => undefined,
  mailRetried: () => undefined,
  reminderSent: () => undefined,
  activityFailed: () => undefined,
};

/** Seconds: a reminder is normally a second or two late; hours mean the worker was down. */
const LATENESS_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

export function createActivityMetrics(registry: Registry): ActivityMetrics {
  const registers = [registry];
  const sent = new Counter({ name: 'fullfolj_mails_sent_total', help: 'Mails the SMTP server accepted', registers });
  const failed = new Counter({ name: 'fullfolj_mails_failed_total', help: 'Mails the SMTP server refused for good (5xx); not retried', registers });
  const retried = new Counter({ name: 'fullfolj_mail_send_retries_total', help: 'Mail sends that failed for now and are retried by Temporal', registers });
  const lateness = new Histogram({
    name: 'fullfolj_reminder_lateness_seconds',
    help: 'Reminder sent time minus its planned time',
    labelNames: ['kind'],
    buckets: LATENESS_BUCKETS,
    registers,
  });
  const activityFailures = new Counter({ name: 'fullfolj_activity_failures_total', help: 'Failed activity attempts, by activity type', labelNames: ['activity'], registers });
  return {
    mailSent: () => sent.inc(),
    mailFailed: () => failed.inc(),
    mailRetried: () => retried.inc(),
    reminderSent: (kind, latenessSeconds) => lateness.observe({ kind }, Math.max(0, latenessSeconds)),
    activityFailed: (activity) => activityFailures.inc({ activity }),
  };
}

/** For `Worker.create({ interceptors: { activity: [...] } })`: counts each failed attempt by activity type. */
export function activityFailuresInterceptor(metrics: Pick<ActivityMetrics, 'activityFailed'>): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
        try {
          return await next(input);
        } catch (error) {
          metrics.activityFailed(ctx.info.activityType);
          throw error;
        }
      },
    };
    return { inbound };
  };
}
