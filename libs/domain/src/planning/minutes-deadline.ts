import type { LocalDate } from '../calendar/local-date';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';

/**
 * When a meeting moves, its minutes stay as many working days after it as they were before
 * (five in the SKR template, or whatever a moved deadline made it).
 */
export function minutesDueAfterMove(
  move: { meetingFrom: LocalDate; meetingTo: LocalDate; minutesDue: LocalDate },
  calendar: WorkingDayCalendar = new WorkingDayCalendar(),
): LocalDate {
  const offset = calendar.workingDaysBetween(move.meetingFrom, move.minutesDue);
  return calendar.addWorkingDays(move.meetingTo, offset);
}
