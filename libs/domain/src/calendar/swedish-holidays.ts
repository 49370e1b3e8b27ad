import Holidays from 'date-holidays';

import type { LocalDate } from './local-date';

/**
 * Swedish days off, derived from the date-holidays library (country 'SE').
 *
 * What the library returns for SE (verified for 3.37.0, pinned in swedish-holidays.spec.ts):
 *  - type 'public': the statutory public holidays (allmänna helgdagar), e.g. nyårsdagen,
 *    trettondedag jul, långfredagen, påskdagen, annandag påsk, första maj, Kristi
 *    himmelsfärdsdag, pingstdagen, nationaldagen, midsommardagen, alla helgons dag, juldagen,
 *    annandag jul.
 *  - type 'bank': exactly midsommarafton, julafton and nyårsafton, the de facto days off
 *    (bankfria dagar; also free under the municipal collective agreements).
 *  - type 'optional' (half days from 12:00: trettondagsafton, valborgsmässoafton,
 *    allhelgonaafton) and 'observance' (påskafton, pingstafton, annandag pingst since 2005,
 *    Luciadagen, …): ordinary working days here.
 * So "non-working" = public + bank; no dates are typed by hand.
 */

export type HolidayKind = 'public_holiday' | 'de_facto_day_off';

export interface Holiday {
  readonly date: LocalDate;
  readonly name: { readonly sv: string; readonly en: string };
  readonly kind: HolidayKind;
}

const KIND_BY_LIBRARY_TYPE: Readonly<Record<string, HolidayKind>> = {
  public: 'public_holiday',
  bank: 'de_facto_day_off',
};

export const MIN_SUPPORTED_YEAR = 1900;
export const MAX_SUPPORTED_YEAR = 2999;

let library: Holidays | undefined;
const byYear = new Map<number, readonly Holiday[]>();

function holidaysLibrary(): Holidays {
  // Built lazily: parsing the country rules is the expensive part, and it happens once.
  library ??= new Holidays('SE', { languages: ['sv', 'en'] });
  return library;
}

/** Public holidays and de facto days off in `year`, sorted by date. Cached per year. */
export function swedishHolidays(year: number): readonly Holiday[] {
  if (!Number.isInteger(year) || year < MIN_SUPPORTED_YEAR || year > MAX_SUPPORTED_YEAR) {
    throw new RangeError(`Year must be an integer in ${MIN_SUPPORTED_YEAR}–${MAX_SUPPORTED_YEAR}, got ${year}`);
  }
  const cached = byYear.get(year);
  if (cached) return cached;

  const lib = holidaysLibrary();
  // An explicit year matters: without one the library falls back to `new Date()`.
  const english = new Map(lib.getHolidays(year, 'en').map((h) => [`${h.rule}|${h.date}`, h.name]));
  const holidays = lib
    .getHolidays(year, 'sv')
    .flatMap((h): Holiday[] => {
      const kind = KIND_BY_LIBRARY_TYPE[h.type];
      if (kind === undefined) return [];
      // h.date is 'YYYY-MM-DD hh:mm:ss' in Swedish local time, independent of the host zone.
      return [{ date: h.date.slice(0, 10), name: { sv: h.name, en: english.get(`${h.rule}|${h.date}`) ?? h.name }, kind }];
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const frozen = Object.freeze(holidays.map((h) => Object.freeze({ ...h, name: Object.freeze({ ...h.name }) })));
  byYear.set(year, frozen);
  return frozen;
}
