import type { DataSource } from 'typeorm';
import { PlannedReminder, planReminders, ReminderPolicy, WorkingDayCalendar } from '@fullfolj/domain';
import type { MailActivities } from './mail.activities';

export interface ItemReminderDeps {
  dataSource: DataSource;
  mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>;
  baseUrl: string;
  calendar?: WorkingDayCalendar;
}

export interface SendItemReminderInput {
  programmeId: string;
  itemId: string;
  dueDate: string;
  reminder: PlannedReminder;
  responsibleId: string | null;
}

interface ItemRow {
  title: string;
  kind: string;
  programme: string;
  completedAt: string | null;
  dueDate: string;
}

interface Person {
  id: string;
  name: string;
  email: string;
  language: 'sv' | 'en';
}

/**
 * Item reminders through the mail outbox. The idempotency key names the item, the deadline,
 * the reminder and the recipient, so a retry or a re-plan never sends the same one twice,
 * while a moved deadline gets reminders of its own.
 */
export function createItemReminderActivities(deps: ItemReminderDeps) {
  const calendar = deps.calendar ?? new WorkingDayCalendar();

  async function item(itemId: string): Promise<ItemRow | null> {
    const [row] = await deps.dataSource.query(
      `SELECT a.title, a.kind, p.name AS programme, a.completed_at AS "completedAt", to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate"
         FROM assignment a JOIN programme p ON p.id = a.programme_id WHERE a.id = $1`,
      [itemId],
    );
    return row ?? null;
  }

  async function people(ids: string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    const rows: Person[] = await deps.dataSource.query(`SELECT id, name, email, language FROM person WHERE id = ANY($1::uuid[])`, [ids]);
    return ids.map((id) => rows.find((r) => r.id === id)).filter((p): p is Person => !!p);
  }

  /** The owner and the steering-group chair: who hears when an item is overdue. */
  async function escalationRecipients(programmeId: string): Promise<string[]> {
    const rows: Array<{ personId: string }> = await deps.dataSource.query(
      `SELECT person_id AS "personId" FROM programme_role WHERE programme_id = $1 AND role IN ('owner', 'steering_chair') ORDER BY role`,
      [programmeId],
    );
    return [...new Set(rows.map((r) => r.personId))];
  }

  async function send(key: string, to: Person, subject: string, body: string): Promise<boolean> {
    await deps.mail.enqueueMail({ key, to: to.email, subject, text: body });
    return (await deps.mail.deliverMail(key)).sentNow;
  }

  const link = (programmeId: string) => `${deps.baseUrl.replace(/\/$/, '')}/programmes/${programmeId}`;

  return {
    async planItemReminders({ dueDate, policy }: { dueDate: string; policy: ReminderPolicy }): Promise<PlannedReminder[]> {
      return planReminders(dueDate, policy, calendar);
    },

    /** Returns the key of the reminder sent, or null when there was nobody (or nothing) to remind. */
    async sendItemReminder(input: SendItemReminderInput): Promise<string | null> {
      const row = await item(input.itemId);
      if (!row || row.completedAt) return null;
      const recipientIds =
        input.reminder.audience === 'escalation' ? await escalationRecipients(input.programmeId) : input.responsibleId ? [input.responsibleId] : [];
      const recipients = await people(recipientIds);
      const responsible = input.responsibleId ? (await people([input.responsibleId]))[0] : undefined;
      for (const person of recipients) {
        const key = `item:${input.itemId}:${input.dueDate}:${input.reminder.key}:${person.id}`;
        const text = renderReminder(person, row, input, responsible, link(input.programmeId));
        await send(key, person, text.subject, text.body);
      }
      return recipients.length > 0 ? `${input.dueDate}:${input.reminder.key}` : null;
    },

    async sendHandover(input: { programmeId: string; itemId: string; fromId: string | null; toId: string; dueDate: string; byId: string | null }): Promise<void> {
      const row = await item(input.itemId);
      if (!row || row.completedAt) return;
      const [to] = await people([input.toId]);
      if (!to) return;
      const [from] = input.fromId ? await people([input.fromId]) : [];
      const sv = to.language !== 'en';
      const key = `item:${input.itemId}:handover:${input.fromId ?? 'none'}:${input.toId}`;
      await send(
        key,
        to,
        sv ? `Du är nu ansvarig: ${row.title} (${row.programme})` : `You are now responsible: ${row.title} (${row.programme})`,
        sv
          ? `Hej ${to.name},\n\nDu har tagit över ansvaret för "${row.title}" i ${row.programme}${from ? ` efter ${from.name}` : ''}. Sista dag: ${input.dueDate}.\n\n${link(input.programmeId)}\n\n/Fullfölj`
          : `Hello ${to.name},\n\nYou have taken over "${row.title}" in ${row.programme}${from ? ` from ${from.name}` : ''}. Due: ${input.dueDate}.\n\n${link(input.programmeId)}\n\n/Fullfölj`,
      );
    },
  };
}

export type ItemReminderActivities = ReturnType<typeof createItemReminderActivities>;

function renderReminder(person: Person, item: ItemRow, input: SendItemReminderInput, responsible: Person | undefined, url: string) {
  const sv = person.language !== 'en';
  const r = input.reminder;
  const what = sv
    ? r.kind === 'before'
      ? `ska vara klart ${input.dueDate} (om ${r.workingDays} arbetsdagar)`
      : r.kind === 'due'
        ? `ska vara klart i dag, ${input.dueDate}`
        : r.kind === 'overdue'
          ? `skulle ha varit klart ${input.dueDate} och är försenat`
          : `är ${r.workingDays} arbetsdagar försenat (sista dag ${input.dueDate}); ansvarig: ${responsible?.name ?? 'ingen'}`
    : r.kind === 'before'
      ? `is due ${input.dueDate} (in ${r.workingDays} working days)`
      : r.kind === 'due'
        ? `is due today, ${input.dueDate}`
        : r.kind === 'overdue'
          ? `was due ${input.dueDate} and is overdue`
          : `is ${r.workingDays} working days overdue (due ${input.dueDate}); responsible: ${responsible?.name ?? 'nobody'}`;
  const subject = sv
    ? `${r.kind === 'escalation' ? 'Försenat' : 'Påminnelse'}: ${item.title} (${item.programme})`
    : `${r.kind === 'escalation' ? 'Overdue' : 'Reminder'}: ${item.title} (${item.programme})`;
  const body = sv
    ? `Hej ${person.name},\n\n"${item.title}" i ${item.programme} ${what}.\n\nÖppna: ${url}\n\n/Fullfölj`
    : `Hello ${person.name},\n\n"${item.title}" in ${item.programme} ${what}.\n\nOpen: ${url}\n\n/Fullfölj`;
  return { subject, body };
}
