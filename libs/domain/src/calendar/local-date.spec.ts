import {
  addDays,
  addMonths,
  assertLocalDate,
  compareLocalDates,
  daysBetween,
  fromDayNumber,
  isLocalDate,
  isMonthDay,
  isoWeekday,
  monthsBetween,
  nextMonthDayOnOrAfter,
  toDayNumber,
} from './local-date';

describe('local dates', () => {
  it('agrees with the UTC day count of the platform for every day 1900–2100', () => {
    // Reference implementation only used by the test: Date.UTC with explicit arguments.
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const dayNumber = t / 86_400_000;
      if (toDayNumber(iso) !== dayNumber || fromDayNumber(dayNumber) !== iso) {
        throw new Error(`Mismatch at ${iso}`);
      }
    }
  });

  it.each([
    ['2027-01-27', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2027-13-01', false],
    ['2027-04-31', false],
    ['2027-1-27', false],
    ['27-01-2027', false],
    ['2027-01-27T00:00', false],
    [' 2027-01-27', false],
    ['0999-01-01', false],
  ])('isLocalDate(%s) is %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it('rejects non-strings and names the field in assertions', () => {
    expect(isLocalDate(20270127)).toBe(false);
    expect(isLocalDate(undefined)).toBe(false);
    expect(() => assertLocalDate('2027-02-30', 'kickoff')).toThrow(/kickoff must be a calendar date/);
  });

  it('knows weekdays', () => {
    expect(isoWeekday('2027-01-27')).toBe(3); // Wednesday
    expect(isoWeekday('2026-06-06')).toBe(6); // Saturday
    expect(isoWeekday('2026-06-07')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-29')).toBe(1);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2027-01-27', '2027-11-23')).toBe(300);
    expect(daysBetween('2027-11-23', '2027-01-27')).toBe(-300);
  });

  it('adds months with clamping to the end of the month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-23', 3)).toBe('2028-02-23');
    expect(addMonths('2027-03-15', -3)).toBe('2026-12-15');
    expect(() => addMonths('2027-03-15', 1.5)).toThrow(RangeError);
  });

  it('measures months as a decimal', () => {
    expect(monthsBetween('2027-01-27', '2027-11-27')).toBe(10);
    expect(monthsBetween('2027-01-01', '2027-01-16')).toBeCloseTo(15 / 31, 10);
    expect(monthsBetween('2027-11-27', '2027-01-27')).toBe(-10);
  });

  it('compares and throws on malformed input', () => {
    expect(compareLocalDates('2027-01-27', '2027-04-05')).toBeLessThan(0);
    expect(compareLocalDates('2027-04-05', '2027-04-05')).toBe(0);
    expect(() => compareLocalDates('2027-04-05', 'april')).toThrow(RangeError);
  });

  it('finds the next occurrence of a month-day', () => {
    expect(isMonthDay('08-31')).toBe(true);
    expect(isMonthDay('02-29')).toBe(false);
    expect(isMonthDay('13-01')).toBe(false);
    expect(nextMonthDayOnOrAfter('2027-01-04', '08-31')).toBe('2027-08-31');
    expect(nextMonthDayOnOrAfter('2027-08-31', '08-31')).toBe('2027-08-31');
    expect(nextMonthDayOnOrAfter('2027-09-01', '08-31')).toBe('2028-08-31');
  });
});
