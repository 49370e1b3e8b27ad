import { compareLocalDates, type LocalDate } from '../calendar/local-date';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { planReminders, type PlannedReminder } from '../reminders/plan-reminders';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '../reminders/reminder-policy';
import type { IndicatorDefinition } from './indicator';
import { nextPeriod, periodContaining, periodicityOf, periodRange, reportingDeadline, type Periodicity, type PeriodKey } from './periods';

export interface IndicatorSchedule {
  readonly periodicity: Periodicity;
  readonly reportWithinWorkingDays: number;
  /** Periods with a target, or in the plan's year: the ones a value is asked for. */
  readonly periods: readonly PeriodKey[];
}

export interface PlannedValueReminder extends PlannedReminder {
  readonly period: PeriodKey;
  readonly deadline: LocalDate;
}

/**
 * Reminders to report an indicator's value (rapportera utfall): for each period not yet
 * reported, the same reminders a deadline gets (planReminders), due the set number of
 * working days after the period ends. Only those after `after` (an instant) are listed.
 * The reminder workflow sleeps until each and the preview endpoint lists them: both call this.
 */
export function planValueReminders(
  schedule: IndicatorSchedule,
  reported: ReadonlySet<PeriodKey>,
  policy: ReminderPolicy,
  after: string,
  calendar = new WorkingDayCalendar(),
): PlannedValueReminder[] {
  const out: PlannedValueReminder[] = [];
  for (const period of [...new Set(schedule.periods)].sort()) {
    if (reported.has(period)) continue;
    const deadline = reportingDeadline(period, schedule.reportWithinWorkingDays, calendar);
    for (const r of planReminders(deadline, policy, calendar)) {
      if (Date.parse(r.at) > Date.parse(after)) out.push({ ...r, period, deadline });
    }
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.period.localeCompare(b.period));
}

/** The periods of a year an indicator is measured in: every period that ends in the year. */
export function periodsOfYear(periodicity: Periodicity, year: number): PeriodKey[] {
  const out: PeriodKey[] = [];
  for (let key = periodContaining(periodicity, `${year}-01-01`); compareLocalDates(periodRange(key).end, `${year}-12-31`) <= 0; key = nextPeriod(key)) {
    out.push(key);
  }
  return out;
}

/** Value reminders follow the default deadline policy: 10 and 2 working days before, on the day, after, weekly, and the owners after 5. */
export const VALUE_REMINDER_POLICY: ReminderPolicy = DEFAULT_REMINDER_POLICY;

/**
 * Every reminder still to come for an indicator's values, after an instant: the periods with
 * a target and every period of the plan's year, less those already reported. Nothing without
 * a responsible person. The reminder workflow and the preview both call this.
 */
export function valueReminderPlan(
  def: Pick<IndicatorDefinition, 'periodicity' | 'reportWithinWorkingDays' | 'targets' | 'responsibleId'>,
  planYear: number,
  reported: Iterable<PeriodKey>,
  after: string,
  calendar = new WorkingDayCalendar(),
): PlannedValueReminder[] {
  if (!def.responsibleId) return [];
  const periods = [...new Set([...Object.keys(def.targets).filter((p) => periodicityOf(p) === def.periodicity), ...periodsOfYear(def.periodicity, planYear)])];
  return planValueReminders({ periodicity: def.periodicity, reportWithinWorkingDays: def.reportWithinWorkingDays, periods }, new Set(reported), VALUE_REMINDER_POLICY, after, calendar);
}
