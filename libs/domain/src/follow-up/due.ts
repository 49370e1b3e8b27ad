/**
 * The "Slutfört" column of a follow-up table: when an activity is due.
 *
 *   "December"                    due in December of the plan's year
 *   "Maj/November"                two due dates; the later one is the deadline
 *   "December 2023"               a month of another year
 *   "Hösten" / "VT"               a term (spring: by 30 June, autumn: by 31 December)
 *   "Förskjuts till 2023"         postponed to a later year (also "… till hösten 2023", "… till mars 2024")
 *   "2022-11-30"                  an ISO date: due on that day
 *   "December*"                   a trailing asterisk: the deadline was moved since the plan was adopted
 */
import { daysInMonth, type LocalDate } from '../calendar/local-date';
import { cleanCell, foldWords } from './text';

export type Term = 'spring' | 'autumn';

export interface Due {
  /** Months (1–12) the activity is due in, ascending; the last is the deadline. Empty when only a year or a term is known. */
  readonly months: readonly number[];
  /** The year of the deadline. */
  readonly year: number;
  /** A term instead of months ("hösten 2023"). */
  readonly term: Term | null;
  /** Written as a postponement ("Förskjuts till 2023"). */
  readonly postponed: boolean;
  /** Day of the month, when the cell named a date ("2022-11-30"); then `months` holds that one month. */
  readonly day?: number;
}

export type DueParseResult =
  | { readonly ok: true; readonly due: Due | null; readonly moved: boolean }
  | { readonly ok: false; readonly reason: string };

export const MONTH_NAMES: Readonly<Record<'sv' | 'en', readonly string[]>> = {
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const MONTH_WORDS = new Map<string, number>();
MONTH_NAMES.sv.forEach((name, i) => MONTH_WORDS.set(name, i + 1));
MONTH_NAMES.en.forEach((name, i) => MONTH_WORDS.set(name.toLowerCase(), i + 1));
for (const [word, month] of [
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9],
  ['okt', 10], ['oct', 10], ['nov', 11], ['dec', 12],
] as const) {
  MONTH_WORDS.set(word, month);
}

const TERM_WORDS = new Map<string, Term>([
  ['varen', 'spring'], ['var', 'spring'], ['vt', 'spring'], ['varterminen', 'spring'], ['vartermin', 'spring'], ['spring', 'spring'],
  ['hosten', 'autumn'], ['host', 'autumn'], ['ht', 'autumn'], ['hostterminen', 'autumn'], ['hosttermin', 'autumn'], ['autumn', 'autumn'], ['fall', 'autumn'],
]);

const POSTPONEMENT = /^(?:forskjuts|forskjuten|forskjutet|forskjutna|framflyttad|framflyttat|framflyttas|flyttad|flyttat|flyttas|skjuts upp|uppskjuten|uppskjutet|postponed|deferred)(?: (?:till|to|until))?(?: (.*))?$/;
const SEPARATORS = /\s*(?:\/|,|&|\+|\boch\b|\band\b|-|–|—)\s*/;
const YEAR = /^(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DUE_FORMS_HELP =
  'must be a month ("December"), months ("Maj/November"), a term ("Hösten"), a date ("2022-11-30"), or a postponement ("Förskjuts till 2023", "Förskjuts till hösten 2023"), optionally followed by "*" for a moved deadline';

/** Reads a "Slutfört" cell for a plan of `planYear`. Blank is no due date (null). */
export function parseDue(input: string | null | undefined, planYear: number): DueParseResult {
  let text = cleanCell(input);
  if (text === '') return { ok: true, due: null, moved: false };
  const moved = text.includes('*');
  text = text.replace(/\*/g, ' ').trim();
  if (text === '') return { ok: false, reason: `"*" alone: ${DUE_FORMS_HELP}` };
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `"${text}" is not a date in the calendar` };
    if (year < planYear) return { ok: false, reason: `is in ${year}, before the plan's year ${planYear}` };
    return { ok: true, due: { months: [month], year, term: null, postponed: false, day }, moved };
  }
  const words = foldWords(text).replace(/[.:;!?]/g, ' ').replace(/\s+/g, ' ').trim();

  const postponement = POSTPONEMENT.exec(words);
  if (postponement) {
    const target = postponement[1]?.trim();
    if (!target) return { ok: false, reason: 'a postponement must say to when, e.g. "Förskjuts till 2023"' };
    const parsed = parseTarget(target, planYear);
    if (!parsed.ok) return parsed;
    if (parsed.year === undefined) return { ok: false, reason: `a postponement must name a year, e.g. "Förskjuts till ${planYear + 1}"` };
    const due: Due = { months: parsed.month ? [parsed.month] : [], year: parsed.year, term: parsed.term, postponed: true };
    if (due.year < planYear) return { ok: false, reason: `is postponed to ${due.year}, before the plan's year ${planYear}` };
    return { ok: true, due, moved };
  }

  const parts = words.split(SEPARATORS).filter((p) => p !== '');
  const months = new Set<number>();
  let year: number | undefined;
  let term: Term | null = null;
  for (const part of parts) {
    for (const token of part.split(' ')) {
      const yearMatch = YEAR.exec(token);
      if (yearMatch) {
        const y = Number(yearMatch[1]);
        if (year !== undefined && year !== y) return { ok: false, reason: `names two years (${year} and ${y}); ${DUE_FORMS_HELP}` };
        year = y;
        continue;
      }
      const month = MONTH_WORDS.get(token);
      if (month !== undefined) {
        months.add(month);
        continue;
      }
      const t = TERM_WORDS.get(token);
      if (t !== undefined && term === null) {
        term = t;
        continue;
      }
      if (token === 'ar' || token === 'year') continue; // "år 2023"
      return { ok: false, reason: `"${token}" is not a month: ${DUE_FORMS_HELP}` };
    }
  }
  if (term !== null && months.size > 0) return { ok: false, reason: `mixes a term and months; ${DUE_FORMS_HELP}` };
  if (months.size === 0 && term === null && year === undefined) return { ok: false, reason: DUE_FORMS_HELP };
  const dueYear = year ?? planYear;
  if (dueYear < planYear) return { ok: false, reason: `is in ${dueYear}, before the plan's year ${planYear}` };
  return { ok: true, due: { months: [...months].sort((a, b) => a - b), year: dueYear, term, postponed: false }, moved };
}

function parseTarget(target: string, planYear: number): { ok: true; year?: number; month?: number; term: Term | null } | { ok: false; reason: string } {
  let year: number | undefined;
  let month: number | undefined;
  let term: Term | null = null;
  const tokens = target.split(' ');
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const yearMatch = YEAR.exec(token);
    if (yearMatch && year === undefined) {
      year = Number(yearMatch[1]);
      continue;
    }
    if ((token === 'nasta' && tokens[i + 1] === 'ar') || (token === 'next' && tokens[i + 1] === 'year')) {
      year = planYear + 1;
      i += 1;
      continue;
    }
    const m = MONTH_WORDS.get(token);
    if (m !== undefined && month === undefined && term === null) {
      month = m;
      continue;
    }
    const t = TERM_WORDS.get(token);
    if (t !== undefined && term === null && month === undefined) {
      term = t;
      continue;
    }
    if (token === 'ar' || token === 'year' || token === 'the' || token === 'in') continue;
    return { ok: false, reason: `cannot read "${token}" in the postponement; write e.g. "Förskjuts till hösten ${planYear + 1}"` };
  }
  return { ok: true, year, month, term };
}

/** The last day the activity is due: the end of its last month, of its term, or of its year. */
export function deadlineOf(due: Due): LocalDate {
  const y = String(due.year).padStart(4, '0');
  if (due.months.length > 0) {
    const m = due.months[due.months.length - 1];
    return `${y}-${String(m).padStart(2, '0')}-${String(due.day ?? daysInMonth(due.year, m)).padStart(2, '0')}`;
  }
  return due.term === 'spring' ? `${y}-06-30` : `${y}-12-31`;
}

export function sameDue(a: Due | null, b: Due | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.year === b.year &&
    a.term === b.term &&
    a.postponed === b.postponed &&
    (a.day ?? null) === (b.day ?? null) &&
    a.months.length === b.months.length &&
    a.months.every((m, i) => b.months[i] === m)
  );
}

const TERM_LABELS: Record<'sv' | 'en', Record<Term, string>> = {
  sv: { spring: 'våren', autumn: 'hösten' },
  en: { spring: 'spring', autumn: 'autumn' },
};

function monthName(month: number, language: 'sv' | 'en'): string {
  return MONTH_NAMES[language][month - 1];
}

const cap = (s: string) => (s.length === 0 ? s : s[0].toUpperCase() + s.slice(1));

/**
 * How the due date reads in a report: "December", "Maj/November", "December 2023", "Hösten",
 * "Förskjuts till hösten 2023", "2022-11-30"; with "*" when the deadline was moved, a postponement
 * too, since the plan may have been adopted with the postponement in it ("Förskjuts till 2023*").
 */
export function formatDue(due: Due | null, planYear: number, moved: boolean, language: 'sv' | 'en' = 'sv'): string {
  if (due === null) return moved ? '*' : '';
  if (due.postponed) {
    const what = [due.term ? TERM_LABELS[language][due.term] : null, due.months.length ? monthName(due.months[0], language) : null, String(due.year)]
      .filter((p): p is string => p !== null)
      .join(' ');
    const postponed = `${language === 'sv' ? 'Förskjuts till' : 'Postponed to'} ${what}`;
    return moved ? `${postponed}*` : postponed;
  }
  let text: string;
  // A named day reads as it was written, in ISO form (the year is part of it).
  if (due.day !== undefined && due.months.length === 1) return moved ? `${deadlineOf(due)}*` : deadlineOf(due);
  if (due.months.length > 0) text = due.months.map((m) => cap(monthName(m, language))).join('/');
  else if (due.term) text = cap(TERM_LABELS[language][due.term]);
  else text = String(due.year);
  if (due.year !== planYear && (due.months.length > 0 || due.term)) text += ` ${due.year}`;
  return moved ? `${text}*` : text;
}
