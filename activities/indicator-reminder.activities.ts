import type { IndicatorNotificationRepository, IndicatorRepository, NotificationRepository } from '@fullfolj/database';
import { type IndicatorReminderCursor, indicatorReminderId, webLinks } from '@fullfolj/contracts';
import { periodLabel, type PlannedValueReminder, valueReminderPlan, WorkingDayCalendar } from '@fullfolj/domain';
import { renderMail } from '@fullfolj/mail';
import type { MailActivities } from './mail.activities';
import type { ActivityMetrics } from './metrics';
import { Recipient, sendThroughOutbox } from './recipients';

export interface IndicatorReminderDeps {
  indicators: Pick<IndicatorRepository, 'reminderTarget'>;
  indicatorNotifications: Pick<IndicatorNotificationRepository, 'planOwnerIds'>;
  notifications: Pick<NotificationRepository, 'recipients'>;
  mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>;
  baseUrl: string;
  calendar?: WorkingDayCalendar;
  metrics?: Pick<ActivityMetrics, 'reminderSent'>;
}

export interface PlanIndicatorRemindersInput {
  indicatorId: string;
  /** Where the workflow stands (see IndicatorReminderCursor). */
  cursor: IndicatorReminderCursor;
  /** The workflow's time: reminders whose moment has passed are not sent (except at the cursor's instant). */
  now: string;
}

/** `found: false` when the indicator (or its plan) is gone; `next: null` when no reminder is left to send. */
export type IndicatorReminderPlan = { found: false } | { found: true; next: PlannedValueReminder | null };

export interface SendIndicatorReminderInput {
  indicatorId: string;
  reminder: PlannedValueReminder;
}

/** The instant one millisecond before `at`, so that a plan "after" it includes what falls exactly at `at`. */
const justBefore = (at: string): string => new Date(Date.parse(at) - 1).toISOString();

/**
 * The reminders still to send, in order, from a plan that includes everything after
 * `justBefore(cursor.at)`: those after `now`, and those at exactly the cursor's instant that
 * are not sent yet (another period's reminder, or an escalation, on the same morning as the
 * one just sent). Reminders in between have passed (during a slow send, or before a change)
 * and are not sent late, as with deadline reminders.
 */
export function remindersToCome(plan: readonly PlannedValueReminder[], cursor: IndicatorReminderCursor, now: string): PlannedValueReminder[] {
  const at = Date.parse(cursor.at);
  const after = Date.parse(now);
  return plan.filter((r) => {
    const t = Date.parse(r.at);
    return t > after || (t === at && !cursor.sent.includes(indicatorReminderId(r)));
  });
}

/**
 * Reminders to report an indicator's values (utfall), through the mail outbox. The plan is
 * valueReminderPlan, the same function as the API's preview, over what the database holds
 * now. The idempotency key names the indicator, the period, its deadline, the reminder and
 * the recipient, so a retry never sends twice, while a moved deadline gets reminders of its own.
 */
export function createIndicatorReminderActivities(deps: IndicatorReminderDeps) {
  const calendar = deps.calendar ?? new WorkingDayCalendar();
  const lang = (p: Pick<Recipient, 'language'>) => (p.language === 'en' ? 'en' : 'sv');

  return {
    async planIndicatorReminders(input: PlanIndicatorRemindersInput): Promise<IndicatorReminderPlan> {
      const target = await deps.indicators.reminderTarget(input.indicatorId);
      if (!target) return { found: false };
      const plan = valueReminderPlan(target.indicator, target.planYear, target.reported, justBefore(input.cursor.at), calendar);
      return { found: true, next: remindersToCome(plan, input.cursor, input.now)[0] ?? null };
    },

    /**
     * Sends one planned reminder to whoever it is for now. Re-reads the indicator first: nothing
     * when the indicator is gone, the period has been reported, its deadline moved or nobody is
     * responsible (the plan no longer holds this reminder); a `responsible` reminder goes to the
     * person responsible now, an escalation to the plan's owners. Returns the reminder's id, or
     * null when there was nobody (or nothing) to remind.
     */
    async sendIndicatorReminder(input: SendIndicatorReminderInput): Promise<string | null> {
      const target = await deps.indicators.reminderTarget(input.indicatorId);
      if (!target) return null;
      const id = indicatorReminderId(input.reminder);
      const r = valueReminderPlan(target.indicator, target.planYear, target.reported, justBefore(input.reminder.at), calendar).find((p) => indicatorReminderId(p) === id);
      const indicator = target.indicator;
      if (!r || !indicator.responsibleId) return null;
      const recipientIds = r.audience === 'escalation' ? await deps.indicatorNotifications.planOwnerIds(indicator.planId) : [indicator.responsibleId];
      const recipients = await deps.notifications.recipients(recipientIds);
      const link = webLinks(deps.baseUrl).followUpPlan(indicator.planId);
      let responsible: { name: string; email?: string | null } | null = null;
      if (r.audience === 'escalation') {
        const [person] = await deps.notifications.recipients([indicator.responsibleId]);
        responsible = person ? { name: person.name, email: person.email } : indicator.responsibleName ? { name: indicator.responsibleName } : null;
      }
      // People who take the daily digest get these one by one too: the digest lists programme items only.
      for (const person of recipients) {
        const about = {
          recipientName: person.name,
          link,
          planName: target.planName,
          indicatorName: indicator.name,
          periodLabel: periodLabel(r.period, lang(person)),
          deadline: r.deadline,
        };
        const mail =
          r.audience === 'escalation'
            ? renderMail('indicator-escalation', lang(person), { ...about, workingDaysOverdue: r.workingDays, responsible })
            : renderMail('indicator-reminder', lang(person), {
                ...about,
                timing: r.kind === 'before' ? 'before' : r.kind === 'due' ? 'due_today' : 'overdue',
                workingDays: r.kind === 'due' ? undefined : Math.max(1, r.workingDays),
              });
        const key = `indicator:${input.indicatorId}:${r.period}:${r.deadline}:${r.key}:${person.id}`;
        const result = await sendThroughOutbox(deps.mail, { key, to: person.email, subject: mail.subject, text: mail.text, html: mail.html });
        if (result.sentNow) deps.metrics?.reminderSent(r.kind, (Date.now() - Date.parse(r.at)) / 1000);
      }
      return recipients.length > 0 ? id : null;
    },
  };
}

export type IndicatorReminderActivities = ReturnType<typeof createIndicatorReminderActivities>;
