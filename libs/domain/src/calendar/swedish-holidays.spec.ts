import { swedishHolidays } from './swedish-holidays';

// Pinned expectations: if an upgrade of date-holidays reclassifies a Swedish day, these fail.
const EXPECTED_2026 = [
  ['2026-01-01', 'nyårsdagen', 'public_holiday'],
  ['2026-01-06', 'trettondedag jul', 'public_holiday'],
  ['2026-04-03', 'långfredagen', 'public_holiday'],
  ['2026-04-05', 'påskdagen', 'public_holiday'],
  ['2026-04-06', 'annandag påsk', 'public_holiday'],
  ['2026-05-01', 'första maj', 'public_holiday'],
  ['2026-05-14', 'Kristi himmelsfärdsdag', 'public_holiday'],
  ['2026-05-24', 'pingstdagen', 'public_holiday'],
  ['2026-06-06', 'nationaldagen', 'public_holiday'],
  ['2026-06-19', 'midsommarafton', 'de_facto_day_off'],
  ['2026-06-20', 'midsommardagen', 'public_holiday'],
  ['2026-10-31', 'alla helgons dag', 'public_holiday'],
  ['2026-12-24', 'julafton', 'de_facto_day_off'],
  ['2026-12-25', 'juldagen', 'public_holiday'],
  ['2026-12-26', 'annandag jul', 'public_holiday'],
  ['2026-12-31', 'nyårsafton', 'de_facto_day_off'],
];

const EXPECTED_2027 = [
  ['2027-01-01', 'nyårsdagen', 'public_holiday'],
  ['2027-01-06', 'trettondedag jul', 'public_holiday'],
  ['2027-03-26', 'långfredagen', 'public_holiday'],
  ['2027-03-28', 'påskdagen', 'public_holiday'],
  ['2027-03-29', 'annandag påsk', 'public_holiday'],
  ['2027-05-01', 'första maj', 'public_holiday'],
  ['2027-05-06', 'Kristi himmelsfärdsdag', 'public_holiday'],
  ['2027-05-16', 'pingstdagen', 'public_holiday'],
  ['2027-06-06', 'nationaldagen', 'public_holiday'],
  ['2027-06-25', 'midsommarafton', 'de_facto_day_off'],
  ['2027-06-26', 'midsommardagen', 'public_holiday'],
  ['2027-11-06', 'alla helgons dag', 'public_holiday'],
  ['2027-12-24', 'julafton', 'de_facto_day_off'],
  ['2027-12-25', 'juldagen', 'public_holiday'],
  ['2027-12-26', 'annandag jul', 'public_holiday'],
  ['2027-12-31', 'nyårsafton', 'de_facto_day_off'],
];

describe('swedishHolidays (from date-holidays, country SE)', () => {
  it.each([
    [2026, EXPECTED_2026],
    [2027, EXPECTED_2027],
  ])('returns exactly the public holidays and de facto days off of %i', (year, expected) => {
    expect(swedishHolidays(year).map((h) => [h.date, h.name.sv, h.kind])).toEqual(expected);
  });

  it('carries English names alongside', () => {
    const byDate = new Map(swedishHolidays(2027).map((h) => [h.date, h.name.en]));
    expect(byDate.get('2027-06-25')).toBe('Midsummer Eve');
    expect(byDate.get('2027-03-26')).toBe('Good Friday');
    expect(byDate.get('2027-12-24')).toBe('Christmas Eve');
  });

  it('leaves out half days and observances that are ordinary working days', () => {
    const names = swedishHolidays(2027).map((h) => h.name.sv);
    for (const workingDay of ['valborgsmässoafton', 'trettondagsafton', 'allhelgonaafton', 'annandag pingst', 'skärtorsdagen', 'påskafton']) {
      expect(names).not.toContain(workingDay);
    }
  });

  it('treats exactly midsommarafton, julafton and nyårsafton as de facto days off in any year', () => {
    for (let year = 2020; year <= 2040; year += 1) {
      const offDays = swedishHolidays(year).filter((h) => h.kind === 'de_facto_day_off').map((h) => h.name.sv);
      expect(offDays).toEqual(['midsommarafton', 'julafton', 'nyårsafton']);
    }
  });

  it('returns the same frozen array for a year (cached)', () => {
    const first = swedishHolidays(2028);
    expect(swedishHolidays(2028)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('rejects nonsense years', () => {
    expect(() => swedishHolidays(2027.5)).toThrow(RangeError);
    expect(() => swedishHolidays(1200)).toThrow(RangeError);
  });
});
