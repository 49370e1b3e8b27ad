import { instantToLocalDate, type LocalDate } from '@fullfolj/domain';

/** Today's date in Europe/Stockholm. */
export function stockholmToday(now: Date = new Date()): LocalDate {
  return instantToLocalDate(now.toISOString());
}
