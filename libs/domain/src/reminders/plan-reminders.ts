import { addDays, compareLocalDates, type LocalDate } from '../calendar/local-date';
import { localDateTimeToInstant } from '../calendar/stockholm-time';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { OVERDUE_WEEKS, type ReminderPolicy } from './reminder-policy';

export type ReminderKind = 'before' | 'due' | 'overdue' | 'escalation';

export interface PlannedReminder {
  /** Stable within one deadline: part of the mail's idempotency key (e.g. 'before-10', 'overdue-3'). */
  key: string;
  kind: ReminderKind;
  /** Working days left (before), 0 (due), or working days overdue (overdue, escalation). */
  workingDays: number;
  date: LocalDate;
  /** UTC instant: the policy's local send time on that date, Europe/Stockholm. */
  at: string;
  /** The responsible person, or the owner and chair for an escalation. */
  audience: 'responsible' | 'escalation';
}

/**
 * Every reminder and escalation for one deadline, in order. The item workflows sleep until
 * each one and the preview endpoint lists them: both call this, so they cannot disagree.
 */
export function planReminders(dueDate: LocalDate, policy: ReminderPolicy, baseCalendar = new WorkingDayCalendar()): PlannedReminder[] {
  const calendar = policy.quietPeriods.length > 0 ? baseCalendar.withQuietPeriods(policy.quietPeriods) : baseCalendar;
  const raw: Array<Omit<PlannedReminder, 'at' | 'date'> & { day: LocalDate }> = [];

  for (const n of [...new Set(policy.daysBefore)].filter((d) => d > 0).sort((a, b) => b - a)) {
    raw.push({ key: `before-${n}`, kind: 'before', workingDays: n, day: calendar.addWorkingDays(dueDate, -n), audience: 'responsible' });
  }
  // A deadline on a day off is reminded of on the last working day before it.
  if (policy.onTheDay) {
    const day = calendar.isWorkingDay(dueDate) ? dueDate : calendar.lastWorkingDayBefore(dueDate);
    raw.push({ key: 'due', kind: 'due', workingDays: 0, day, audience: 'responsible' });
  }
  const firstOverdue = calendar.firstWorkingDayAfter(dueDate);
  if (policy.dayAfter) raw.push({ key: 'overdue-1', kind: 'overdue', workingDays: 1, day: firstOverdue, audience: 'responsible' });
  if (policy.weeklyWhileOverdue) {
    let day = firstOverdue;
    for (let week = 1; week <= OVERDUE_WEEKS; week++) {
      day = calendar.nextWorkingDayOnOrAfter(addDays(day, 7));
      raw.push({ key: `overdue-week-${week}`, kind: 'overdue', workingDays: calendar.workingDaysBetween(dueDate, day), day, audience: 'responsible' });
    }
  }
  if (policy.escalateAfterWorkingDays !== null && policy.escalateAfterWorkingDays > 0) {
    const n = policy.escalateAfterWorkingDays;
    raw.push({ key: 'escalation', kind: 'escalation', workingDays: n, day: calendar.addWorkingDays(dueDate, n), audience: 'escalation' });
  }

  // Quiet periods push reminders to their end; two reminders to one person on one day become one (the latest kind).
  const byDay = new Map<string, PlannedReminder>();
  for (const r of raw) {
    const date = calendar.shiftOutOfQuietPeriod(r.day);
    const slot = `${r.audience}:${date}`;
    const { day: _day, ...rest } = r;
    byDay.set(slot, { ...rest, date, at: localDateTimeToInstant(date, policy.sendAt) });
  }
  return [...byDay.values()].sort((a, b) => compareLocalDates(a.date, b.date) || (a.audience === 'responsible' ? -1 : 1));
}
