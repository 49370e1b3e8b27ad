export { databaseErrorsInterceptor, DatabaseError } from './interceptors/database-errors';
import type { IndicatorNotificationRepository, IndicatorRepository, NotificationRepository, RetentionRepository } from '@fullfolj/database';
import { createGateNoticeActivities, GateNotice, GateNoticeActivities, SendGateNoticeInput } from './gate-notice.activities';
import {
  createIndicatorReminderActivities,
  IndicatorReminderActivities,
  IndicatorReminderPlan,
  PlanIndicatorRemindersInput,
  SendIndicatorReminderInput,
} from './indicator-reminder.activities';
import { createItemReminderActivities, ItemReminderActivities, SendItemReminderInput } from './item-reminder.activities';
import { createMailActivities, MailActivities, MailActivityDeps } from './mail.activities';
import { activityFailuresInterceptor, ActivityMetrics, createActivityMetrics, noActivityMetrics } from './metrics';
import { createMeetingActivities, MeetingActivities, SendMeetingInput } from './meeting.activities';
import { createProgrammeActivities, ProgrammeActivities, ProgrammeActivityDeps, ProgrammeEvent, ProgrammeEventType } from './programme.activities';
import { ApplyRetentionInput, createRetentionActivities, RetentionActivities } from './retention.activities';

export { createGateNoticeActivities, createIndicatorReminderActivities, createItemReminderActivities, createMailActivities, createMeetingActivities, createProgrammeActivities };
export type { ItemReminderActivities, MeetingActivities, SendItemReminderInput, SendMeetingInput };
export type { IndicatorReminderActivities, IndicatorReminderPlan, PlanIndicatorRemindersInput, SendIndicatorReminderInput };
export type { ApplyRetentionInput, RetentionActivities };
export { activityFailuresInterceptor, createActivityMetrics, noActivityMetrics };
export type { ActivityMetrics };
export type { GateNotice, GateNoticeActivities, MailActivities, MailActivityDeps, ProgrammeActivities, ProgrammeActivityDeps, ProgrammeEvent, ProgrammeEventType, SendGateNoticeInput };

export type ActivityDeps = MailActivityDeps &
  ProgrammeActivityDeps & {
    notifications: NotificationRepository;
    retention: RetentionRepository;
    indicators: IndicatorRepository;
    indicatorNotifications: IndicatorNotificationRepository;
    baseUrl: string;
    linkSecret: string;
    linkTtlDays: number;
  };

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const mail = createMailActivities(deps);
  return {
    ...mail,
    ...createProgrammeActivities(deps),
    ...createRetentionActivities({ retention: deps.retention }),
    ...createGateNoticeActivities({ notifications: deps.notifications, mail, baseUrl: deps.baseUrl }),
    ...createMeetingActivities({ notifications: deps.notifications, mail, baseUrl: deps.baseUrl }),
    ...createItemReminderActivities({ notifications: deps.notifications, mail, baseUrl: deps.baseUrl, linkSecret: deps.linkSecret, linkTtlDays: deps.linkTtlDays, metrics: deps.metrics }),
    ...createIndicatorReminderActivities({
      indicators: deps.indicators,
      indicatorNotifications: deps.indicatorNotifications,
      notifications: deps.notifications,
      mail,
      baseUrl: deps.baseUrl,
      metrics: deps.metrics,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
