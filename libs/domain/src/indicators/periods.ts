import { addDays, compareLocalDates, daysInMonth, type LocalDate } from '../calendar/local-date';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';

/** How often an indicator is measured (periodicitet). */
export type Periodicity = 'month' | 'term' | 'year';

export const PERIODICITIES: readonly Periodicity[] = ['month', 'term', 'year'];

/**
 * A period key: '2022' (year), '2022-VT' / '2022-HT' (spring / autumn term, January–June /
 * July–December), or '2022-03' (month). Keys of one periodicity sort in time order as text.
 */
export type PeriodKey = string;

const YEAR = /^(\d{4})$/;
const TERM = /^(\d{4})-(VT|HT)$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface PeriodRange {
  readonly key: PeriodKey;
  readonly start: LocalDate;
  readonly end: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The periodicity a key is written in, or null for something that is no period. */
export function periodicityOf(key: string): Periodicity | null {
  if (YEAR.test(key)) return 'year';
  if (TERM.test(key)) return 'term';
  if (MONTH.test(key)) return 'month';
  return null;
}

/** Reads "2022", "VT 2022", "2022 ht", "vt22"… into a key of the given periodicity; null when it is not one. */
export function parsePeriod(text: string, periodicity: Periodicity): PeriodKey | null {
  const t = text.trim().toUpperCase().replace(/\s+/g, ' ');
  if (periodicity === 'year') return YEAR.test(t) ? t : null;
  if (periodicity === 'month') {
    const m = /^(\d{4})[-/ ]?(\d{1,2})$/.exec(t);
    return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${pad(Number(m[2]))}` : null;
  }
  const m = /^(\d{4})[- ]?(VT|HT)$/.exec(t) ?? /^(VT|HT)[- ]?(\d{4}|\d{2})$/.exec(t);
  if (!m) return null;
  const [term, year] = m[1] === 'VT' || m[1] === 'HT' ? [m[1], m[2]] : [m[2], m[1]];
  return `${year.length === 2 ? `20${year}` : year}-${term}`;
}

/** First and last day of a period. */
export function periodRange(key: PeriodKey): PeriodRange {
  let m = YEAR.exec(key);
  if (m) return { key, start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = TERM.exec(key);
  if (m) return m[2] === 'VT' ? { key, start: `${m[1]}-01-01`, end: `${m[1]}-06-30` } : { key, start: `${m[1]}-07-01`, end: `${m[1]}-12-31` };
  m = MONTH.exec(key);
  if (m) return { key, start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(daysInMonth(Number(m[1]), Number(m[2])))}` };
  throw new Error(`"${key}" is not a period`);
}

/** The period of a periodicity that holds a date. */
export function periodContaining(periodicity: Periodicity, date: LocalDate): PeriodKey {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (periodicity === 'year') return year;
  if (periodicity === 'term') return `${year}-${month <= 6 ? 'VT' : 'HT'}`;
  return `${year}-${pad(month)}`;
}

/** The period after this one. */
export function nextPeriod(key: PeriodKey): PeriodKey {
  const periodicity = periodicityOf(key);
  if (!periodicity) throw new Error(`"${key}" is not a period`);
  return periodContaining(periodicity, addDays(periodRange(key).end, 1));
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(periodicity: Periodicity, from: LocalDate, to: LocalDate): PeriodKey[] {
  const out: PeriodKey[] = [];
  const last = periodContaining(periodicity, to);
  for (let key = periodContaining(periodicity, from); ; key = nextPeriod(key)) {
    out.push(key);
    if (key === last || out.length > 1000) return out;
  }
}

export function comparePeriods(a: PeriodKey, b: PeriodKey): number {
  return compareLocalDates(periodRange(a).start, periodRange(b).start);
}

/** The day a period's value is due: the given number of working days after the period ends. */
export function reportingDeadline(key: PeriodKey, workingDaysAfter: number, calendar = new WorkingDayCalendar()): LocalDate {
  return calendar.addWorkingDays(periodRange(key).end, workingDaysAfter);
}

/** "VT 2022", "Spring 2022", "mars 2022", "2022". */
export function periodLabel(key: PeriodKey, language: 'sv' | 'en'): string {
  let m = TERM.exec(key);
  if (m) return language === 'sv' ? `${m[2]} ${m[1]}` : `${m[2] === 'VT' ? 'Spring' : 'Autumn'} ${m[1]}`;
  m = MONTH.exec(key);
  if (m) {
    const name = new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`${key}-01T12:00:00Z`));
    return `${name} ${m[1]}`;
  }
  return key;
}
