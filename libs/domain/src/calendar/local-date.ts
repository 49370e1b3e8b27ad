/**
 * Plain calendar dates ('YYYY-MM-DD') without time or zone.
 *
 * Arithmetic goes through a day number (days since 1970-01-01, proleptic Gregorian) using
 * Howard Hinnant's civil-date algorithms, so nothing here depends on the host time zone or
 * on `Date`; that keeps it deterministic inside Temporal workflows.
 */

/** An ISO calendar date, 'YYYY-MM-DD', interpreted in Europe/Stockholm when it matters. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function parseParts(value: string): Ymd | undefined {
  const match = LOCAL_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

/** True for a real calendar date written exactly as 'YYYY-MM-DD' (years 1000–9999). */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseParts(value) !== undefined;
}

/** Throws a RangeError naming `what` unless `value` is a valid LocalDate. */
export function assertLocalDate(value: unknown, what = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  }
}

function partsOf(date: LocalDate): Ymd {
  const parts = parseParts(date);
  if (!parts) {
    throw new RangeError(`Expected a calendar date 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
  }
  return parts;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function fromParts(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01. */
export function toDayNumber(date: LocalDate): number {
  const { year, month, day } = partsOf(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of toDayNumber. */
export function fromDayNumber(dayNumber: number): LocalDate {
  if (!Number.isInteger(dayNumber)) {
    throw new RangeError(`Day number must be an integer, got ${dayNumber}`);
  }
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return fromParts(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  // Day 0 (1970-01-01) was a Thursday.
  const mod = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return (mod + 1) as IsoWeekday;
}

export function isWeekend(date: LocalDate): boolean {
  return isoWeekday(date) >= 6;
}

export function yearOf(date: LocalDate): number {
  return partsOf(date).year;
}

export function monthOf(date: LocalDate): number {
  return partsOf(date).month;
}

/** Negative, zero or positive like a comparator; ISO strings order lexically. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  partsOf(a);
  partsOf(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return compareLocalDates(a, b) <= 0 ? a : b;
}

export function maxLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return compareLocalDates(a, b) >= 0 ? a : b;
}

/**
 * Adds calendar months, clamping to the month's last day (2027-01-31 + 1 month = 2027-02-28),
 * which is how "within 12 months" is usually read.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) {
    throw new RangeError(`Months must be an integer, got ${months}`);
  }
  const { year, month, day } = partsOf(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return fromParts(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/**
 * Months from `from` to `to` as a decimal: whole months by addMonths, then the remaining days
 * as a fraction of the following month. Used for messages and duration checks.
 */
export function monthsBetween(from: LocalDate, to: LocalDate): number {
  if (compareLocalDates(to, from) < 0) return -monthsBetween(to, from);
  let whole = 0;
  while (compareLocalDates(addMonths(from, whole + 1), to) <= 0) whole += 1;
  const anchor = addMonths(from, whole);
  const next = addMonths(from, whole + 1);
  return whole + daysBetween(anchor, to) / daysBetween(anchor, next);
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** True for 'MM-DD' that exists in every year (so 02-29 is rejected). */
export function isMonthDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = MONTH_DAY.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2001, month);
}

/** The first date on or after `from` whose month and day are `monthDay` ('MM-DD'). */
export function nextMonthDayOnOrAfter(from: LocalDate, monthDay: string): LocalDate {
  if (!isMonthDay(monthDay)) {
    throw new RangeError(`Expected 'MM-DD', got ${JSON.stringify(monthDay)}`);
  }
  const candidate = `${pad(yearOf(from), 4)}-${monthDay}`;
  return compareLocalDates(candidate, from) >= 0 ? candidate : `${pad(yearOf(from) + 1, 4)}-${monthDay}`;
}
