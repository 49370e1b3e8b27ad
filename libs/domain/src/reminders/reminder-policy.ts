import type { LocalDate } from '../calendar/local-date';

/**
 * When an item's reminders go out. A programme has a policy; an assignment may override it.
 * Defaults follow the issue: 10 and 2 working days before, on the day, the first working day
 * after it if still open, then weekly while overdue; escalation after 5 working days overdue.
 */
export interface ReminderPolicy {
  /** Working days before the deadline, e.g. [10, 2]. */
  daysBefore: number[];
  onTheDay: boolean;
  dayAfter: boolean;
  weeklyWhileOverdue: boolean;
  /** Working days overdue before the owner (and chair) are told; null = never. */
  escalateAfterWorkingDays: number | null;
  /** Local time (Europe/Stockholm) reminders go out, 'HH:mm'. */
  sendAt: string;
  /** Reminders falling in one of these move to the first working day after it (e.g. the summer break). */
  quietPeriods: Array<{ from: LocalDate; to: LocalDate }>;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  daysBefore: [10, 2],
  onTheDay: true,
  dayAfter: true,
  weeklyWhileOverdue: true,
  escalateAfterWorkingDays: 5,
  sendAt: '08:00',
  quietPeriods: [],
});

/** How many weekly reminders an overdue item gets (about a term); the escalation has gone out long before. */
export const OVERDUE_WEEKS = 12;

/** The base policy with the override's set fields on top (an unset or undefined field keeps the base). */
export function withPolicy(base: ReminderPolicy, override?: Partial<ReminderPolicy> | null): ReminderPolicy {
  const set = Object.entries(override ?? {}).filter(([, value]) => value !== undefined);
  return { ...base, ...Object.fromEntries(set) };
}
