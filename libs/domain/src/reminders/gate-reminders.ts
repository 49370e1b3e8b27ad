import type { LocalDate } from '../calendar/local-date';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { planReminders, PlannedReminder } from './plan-reminders';
import type { ReminderPolicy } from './reminder-policy';

/** Gates: members who have not decided hear two working days before and on the day; the owner and chair the day after. */
export const GATE_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  daysBefore: [2],
  onTheDay: true,
  dayAfter: false,
  weeklyWhileOverdue: false,
  escalateAfterWorkingDays: 1,
  sendAt: '08:00',
  quietPeriods: [],
});

export function planGateReminders(dueDate: LocalDate, calendar = new WorkingDayCalendar(), quietPeriods: ReminderPolicy['quietPeriods'] = []): PlannedReminder[] {
  return planReminders(dueDate, { ...GATE_REMINDER_POLICY, quietPeriods }, calendar);
}
