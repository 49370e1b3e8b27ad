import {
  addDays,
  assertLocalDate,
  compareLocalDates,
  isMonthDay,
  isWeekend,
  type LocalDate,
  yearOf,
} from './local-date';
import { type Holiday, swedishHolidays } from './swedish-holidays';

/**
 * A stretch of dates (inclusive) when reminders are noise, e.g. the summer break. Quiet days
 * are still working days for counting deadlines; they only move reminders.
 */
export interface QuietPeriod {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly label?: string;
}

export interface WorkingDayCalendarOptions {
  readonly quietPeriods?: readonly QuietPeriod[];
  /**
   * Extra local days off decided by the employer (e.g. a klämdag). Configuration data, not a
   * replacement for the library's holidays.
   */
  readonly additionalDaysOff?: readonly LocalDate[];
}

export type NonWorkingReason = 'weekend' | 'public_holiday' | 'de_facto_day_off' | 'additional_day_off';

// A run of non-working days this long means broken configuration, not a real calendar.
const MAX_CONSECUTIVE_DAYS_OFF = 400;

/**
 * Swedish working days: Monday–Friday except public holidays, midsommarafton, julafton and
 * nyårsafton (all from date-holidays), and any configured additional days off.
 * Immutable and pure, so it is safe to construct and use inside workflow code.
 */
export class WorkingDayCalendar {
  readonly quietPeriods: readonly QuietPeriod[];
  private readonly additionalDaysOff: ReadonlySet<LocalDate>;
  private readonly holidayIndex = new Map<number, ReadonlyMap<LocalDate, readonly Holiday[]>>();

  constructor(options: WorkingDayCalendarOptions = {}) {
    const quiet = (options.quietPeriods ?? []).map((period, index) => {
      assertLocalDate(period.from, `quietPeriods[${index}].from`);
      assertLocalDate(period.to, `quietPeriods[${index}].to`);
      if (compareLocalDates(period.from, period.to) > 0) {
        throw new RangeError(`quietPeriods[${index}]: from (${period.from}) is after to (${period.to})`);
      }
      return Object.freeze({ ...period });
    });
    quiet.sort((a, b) => compareLocalDates(a.from, b.from));
    this.quietPeriods = Object.freeze(quiet);

    (options.additionalDaysOff ?? []).forEach((date, index) => assertLocalDate(date, `additionalDaysOff[${index}]`));
    this.additionalDaysOff = new Set(options.additionalDaysOff ?? []);
  }

  /** A copy of this calendar with other quiet periods. */
  withQuietPeriods(quietPeriods: readonly QuietPeriod[]): WorkingDayCalendar {
    return new WorkingDayCalendar({ quietPeriods, additionalDaysOff: [...this.additionalDaysOff] });
  }

  /** Public holidays and de facto days off of a year, sorted by date. */
  holidaysInYear(year: number): readonly Holiday[] {
    return swedishHolidays(year);
  }

  /** Holidays falling on `date` (usually zero or one). */
  holidaysOn(date: LocalDate): readonly Holiday[] {
    assertLocalDate(date);
    return this.indexFor(yearOf(date)).get(date) ?? [];
  }

  /** Why `date` is not a working day, or undefined when it is one. */
  nonWorkingReason(date: LocalDate): NonWorkingReason | undefined {
    const holidays = this.holidaysOn(date);
    if (holidays.some((h) => h.kind === 'public_holiday')) return 'public_holiday';
    if (holidays.length > 0) return 'de_facto_day_off';
    if (isWeekend(date)) return 'weekend';
    if (this.additionalDaysOff.has(date)) return 'additional_day_off';
    return undefined;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.nonWorkingReason(date) === undefined;
  }

  /** `date` itself if it is a working day, otherwise the next one. */
  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    return this.step(date, 1, true);
  }

  /** The first working day strictly after `date`. */
  firstWorkingDayAfter(date: LocalDate): LocalDate {
    return this.step(date, 1, false);
  }

  /** `date` itself if it is a working day, otherwise the closest earlier one. */
  previousWorkingDayOnOrBefore(date: LocalDate): LocalDate {
    return this.step(date, -1, true);
  }

  /** The last working day strictly before `date`. */
  lastWorkingDayBefore(date: LocalDate): LocalDate {
    return this.step(date, -1, false);
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself is never
   * counted. n = 0 returns `date` when it is a working day, otherwise the next working day,
   * so the result is always a working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer, got ${n}`);
    assertLocalDate(date);
    if (n === 0) return this.nextWorkingDayOnOrAfter(date);
    const direction = n > 0 ? 1 : -1;
    let current = date;
    for (let remaining = Math.abs(n); remaining > 0; remaining -= 1) {
      current = this.step(current, direction, false);
    }
    return current;
  }

  /**
   * Working days counted from `from` to `to`: those d with from < d ≤ to when `to` is later,
   * and minus those with to ≤ d < from when it is earlier. For a working day `to` this is the
   * inverse of addWorkingDays: addWorkingDays(from, workingDaysBetween(from, to)) === to.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    assertLocalDate(from, 'from');
    assertLocalDate(to, 'to');
    const order = compareLocalDates(from, to);
    if (order === 0) return 0;
    const [start, end, sign] = order < 0 ? [addDays(from, 1), to, 1] : [to, addDays(from, -1), -1];
    let count = 0;
    for (let d = start; compareLocalDates(d, end) <= 0; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count += 1;
    }
    return sign * count;
  }

  /** The quiet period containing `date`, if any. */
  quietPeriodContaining(date: LocalDate): QuietPeriod | undefined {
    assertLocalDate(date);
    return this.quietPeriods.find((p) => compareLocalDates(p.from, date) <= 0 && compareLocalDates(date, p.to) <= 0);
  }

  isInQuietPeriod(date: LocalDate): boolean {
    return this.quietPeriodContaining(date) !== undefined;
  }

  /**
   * A date inside a quiet period moves to the first working day after the period (and past
   * any quiet period that day falls into); any other date is returned unchanged.
   */
  shiftOutOfQuietPeriod(date: LocalDate): LocalDate {
    let current = date;
    for (let guard = 0; guard <= this.quietPeriods.length; guard += 1) {
      const period = this.quietPeriodContaining(current);
      if (!period) return current;
      current = this.firstWorkingDayAfter(period.to);
    }
    return current;
  }

  private step(date: LocalDate, direction: 1 | -1, includeStart: boolean): LocalDate {
    assertLocalDate(date);
    let current = includeStart ? date : addDays(date, direction);
    for (let guard = 0; guard < MAX_CONSECUTIVE_DAYS_OFF; guard += 1) {
      if (this.isWorkingDay(current)) return current;
      current = addDays(current, direction);
    }
    throw new RangeError(`No working day within ${MAX_CONSECUTIVE_DAYS_OFF} days of ${date}`);
  }

  private indexFor(year: number): ReadonlyMap<LocalDate, readonly Holiday[]> {
    let index = this.holidayIndex.get(year);
    if (!index) {
      const map = new Map<LocalDate, Holiday[]>();
      for (const holiday of swedishHolidays(year)) {
        map.set(holiday.date, [...(map.get(holiday.date) ?? []), holiday]);
      }
      index = map;
      this.holidayIndex.set(year, index);
    }
    return index;
  }
}

/**
 * The Swedish summer break as a quiet period: from midsommarafton (as the library computes it)
 * to `until` ('MM-DD', default mid-August when schools start again).
 */
export function swedishSummerBreak(year: number, until = '08-15'): QuietPeriod {
  if (!isMonthDay(until)) throw new RangeError(`until must be 'MM-DD', got ${JSON.stringify(until)}`);
  const midsummerEve = swedishHolidays(year).find((h) => h.name.sv.toLowerCase() === 'midsommarafton');
  if (!midsummerEve) throw new RangeError(`No midsommarafton found for ${year}`);
  const to = `${String(year).padStart(4, '0')}-${until}`;
  if (compareLocalDates(to, midsummerEve.date) < 0) {
    throw new RangeError(`until (${to}) is before midsommarafton (${midsummerEve.date})`);
  }
  return { from: midsummerEve.date, to, label: 'sommaruppehåll / summer break' };
}
