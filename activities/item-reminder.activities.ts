import type { NotificationRepository, ReminderItemRow } from '@fullfolj/database';
import { webLinks } from '@fullfolj/contracts';
import { instantToLocalDate, localDateTimeToInstant, PlannedReminder, planReminders, ReminderPolicy, WorkingDayCalendar } from '@fullfolj/domain';
import { issueItemLink, itemLinkUrl, MailItemKind, renderMail } from '@fullfolj/mail';
import type { MailActivities } from './mail.activities';
import type { ActivityMetrics } from './metrics';
import { Recipient, sendThroughOutbox } from './recipients';

export interface ItemReminderDeps {
  notifications: Pick<NotificationRepository, 'recipients' | 'reminderItem' | 'escalationRecipientIds' | 'digestItems'>;
  mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>;
  baseUrl: string;
  /** Signs the links that let a responsible person open and complete the item without signing in. */
  linkSecret: string;
  linkTtlDays: number;
  calendar?: WorkingDayCalendar;
  metrics?: Pick<ActivityMetrics, 'reminderSent'>;
}

export interface SendItemReminderInput {
  programmeId: string;
  itemId: string;
  dueDate: string;
  reminder: PlannedReminder;
  responsibleId: string | null;
}


const DIGEST_TIME = '08:00';
/** Items a digest lists as coming: due within this many working days. */
const DIGEST_COMING_WORKING_DAYS = 10;

/**
 * Item reminders through the mail outbox. The idempotency key names the item, the deadline,
 * the reminder and the recipient, so a retry or a re-plan never sends the same one twice,
 * while a moved deadline gets reminders of its own.
 */
export function createItemReminderActivities(deps: ItemReminderDeps) {
  const calendar = deps.calendar ?? new WorkingDayCalendar();

  const item = (itemId: string): Promise<ReminderItemRow | null> => deps.notifications.reminderItem(itemId);
  const people = (ids: string[]) => deps.notifications.recipients(ids);

  async function send(key: string, to: Pick<Recipient, 'email'>, mail: { subject: string; text: string; html: string }): Promise<boolean> {
    return (await sendThroughOutbox(deps.mail, { key, to: to.email, subject: mail.subject, text: mail.text, html: mail.html })).sentNow;
  }

  const programmeLink = (programmeId: string) => webLinks(deps.baseUrl).programme(programmeId);
  const itemLink = (itemId: string, personId: string) =>
    itemLinkUrl(deps.baseUrl, issueItemLink({ itemId, personId, ttlDays: deps.linkTtlDays }, deps.linkSecret).token);
  const lang = (p: Pick<Recipient, 'language'>) => (p.language === 'en' ? 'en' : 'sv');

  return {
    planItemReminders({ dueDate, policy }: { dueDate: string; policy: ReminderPolicy }): Promise<PlannedReminder[]> {
      return Promise.resolve(planReminders(dueDate, policy, calendar));
    },

    /** Returns the key of the reminder sent, or null when there was nobody (or nothing) to remind. */
    async sendItemReminder(input: SendItemReminderInput): Promise<string | null> {
      const row = await item(input.itemId);
      if (!row || row.completedAt) return null;
      const recipientIds =
        input.reminder.audience === 'escalation' ? await deps.notifications.escalationRecipientIds(input.programmeId) : input.responsibleId ? [input.responsibleId] : [];
      const recipients = await people(recipientIds);
      const responsible = input.responsibleId ? (await people([input.responsibleId]))[0] : undefined;
      const mailItem = { title: row.title, kind: row.kind as MailItemKind, dueDate: input.dueDate };
      const r = input.reminder;
      for (const person of recipients) {
        // People who take the daily digest get this item there, not in a mail of its own.
        if (r.audience === 'responsible' && person.reminderDigest) continue;
        const key = `item:${input.itemId}:${input.dueDate}:${r.key}:${person.id}`;
        const mail =
          r.audience === 'escalation'
            ? renderMail('escalation', lang(person), {
                recipientName: person.name,
                programmeName: row.programme,
                link: programmeLink(input.programmeId),
                item: mailItem,
                workingDaysOverdue: r.workingDays,
                responsible: responsible ? { name: responsible.name, email: responsible.email } : null,
              })
            : renderMail('reminder', lang(person), {
                recipientName: person.name,
                programmeName: row.programme,
                link: itemLink(input.itemId, person.id),
                item: mailItem,
                timing: r.kind === 'before' ? 'before' : r.kind === 'due' ? 'due_today' : 'overdue',
                workingDays: r.kind === 'due' ? undefined : Math.max(1, r.workingDays),
              });
        // Lateness against the planned instant: the workflow's timer, the task queue and the send.
        if (await send(key, person, mail)) deps.metrics?.reminderSent(r.kind, (Date.now() - Date.parse(r.at)) / 1000);
      }
      return recipients.length > 0 ? `${input.dueDate}:${input.reminder.key}` : null;
    },

    /** The next digest morning: 08:00 Stockholm time on the next working day after `after`. */
    nextDigestAt({ after }: { after: string }): Promise<{ date: string; at: string }> {
      let date = calendar.nextWorkingDayOnOrAfter(instantToLocalDate(after));
      if (localDateTimeToInstant(date, DIGEST_TIME) <= after) date = calendar.firstWorkingDayAfter(date);
      return Promise.resolve({ date, at: localDateTimeToInstant(date, DIGEST_TIME) });
    },

    /** One mail per person who takes the digest and has something overdue, due today or coming. */
    async sendDigests({ date }: { date: string }): Promise<number> {
      const until = calendar.addWorkingDays(date, DIGEST_COMING_WORKING_DAYS);
      const rows = await deps.notifications.digestItems(until);
      const byPerson = new Map<string, typeof rows>();
      for (const row of rows) byPerson.set(row.id, [...(byPerson.get(row.id) ?? []), row]);
      let sent = 0;
      for (const items of byPerson.values()) {
        const person = items[0];
        const entry = (i: (typeof rows)[number]) => ({ programmeName: i.programme, title: i.title, kind: i.kind as MailItemKind, dueDate: i.dueDate, link: itemLink(i.itemId, person.id) });
        const mail = renderMail('digest', lang(person), {
          recipientName: person.name,
          link: webLinks(deps.baseUrl).myWork(),
          date,
          overdue: items.filter((i) => i.dueDate < date).map((i) => ({ ...entry(i), workingDaysOverdue: calendar.workingDaysBetween(i.dueDate, date) })),
          dueToday: items.filter((i) => i.dueDate === date).map(entry),
          coming: items.filter((i) => i.dueDate > date).map(entry),
        });
        if (await send(`digest:${person.id}:${date}`, person, mail)) sent++;
      }
      return sent;
    },

    async sendHandover(input: { programmeId: string; itemId: string; fromId: string | null; toId: string; dueDate: string; byId: string | null }): Promise<void> {
      const row = await item(input.itemId);
      if (!row || row.completedAt) return;
      const [to] = await people([input.toId]);
      if (!to) return;
      const [from] = input.fromId ? await people([input.fromId]) : [];
      const key = `item:${input.itemId}:handover:${input.fromId ?? 'none'}:${input.toId}`;
      await send(
        key,
        to,
        renderMail('handover', lang(to), {
          recipientName: to.name,
          programmeName: row.programme,
          link: itemLink(input.itemId, to.id),
          item: { title: row.title, kind: row.kind as MailItemKind, dueDate: input.dueDate },
          previousResponsibleName: from?.name ?? null,
        }),
      );
    },
  };
}

export type ItemReminderActivities = ReturnType<typeof createItemReminderActivities>;
