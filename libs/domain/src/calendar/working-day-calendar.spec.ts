import { addDays, compareLocalDates } from './local-date';
import { swedishSummerBreak, WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar();

describe('WorkingDayCalendar', () => {
  describe('isWorkingDay', () => {
    it.each([
      ['2027-01-27', true, 'an ordinary Wednesday'],
      ['2027-01-30', false, 'Saturday'],
      ['2027-01-31', false, 'Sunday'],
      ['2027-01-06', false, 'trettondedag jul'],
      ['2027-03-26', false, 'långfredagen'],
      ['2027-03-29', false, 'annandag påsk'],
      ['2027-05-06', false, 'Kristi himmelsfärdsdag'],
      ['2027-05-07', true, 'the klämdag after Kristi himmelsfärd is not a holiday'],
      ['2027-05-17', true, 'annandag pingst has been a working day since 2005'],
      ['2027-04-30', true, 'valborgsmässoafton'],
      ['2026-06-19', false, 'midsommarafton 2026'],
      ['2027-06-25', false, 'midsommarafton 2027'],
      ['2027-06-24', true, 'the Thursday before midsommarafton'],
      ['2027-06-06', false, 'nationaldagen (a Sunday in 2027)'],
      ['2028-06-06', false, 'nationaldagen on a Tuesday'],
      ['2026-12-24', false, 'julafton'],
      ['2027-12-31', false, 'nyårsafton'],
      ['2026-12-30', true, 'the day before nyårsafton'],
    ])('%s → %s (%s)', (date, expected) => {
      expect(calendar.isWorkingDay(date)).toBe(expected);
    });

    it('explains why a day is not a working day', () => {
      expect(calendar.nonWorkingReason('2027-06-25')).toBe('de_facto_day_off');
      expect(calendar.nonWorkingReason('2026-06-06')).toBe('public_holiday'); // a Saturday too
      expect(calendar.nonWorkingReason('2027-01-30')).toBe('weekend');
      expect(calendar.nonWorkingReason('2027-01-27')).toBeUndefined();
      expect(calendar.holidaysOn('2027-03-29').map((h) => h.name.sv)).toEqual(['annandag påsk']);
    });

    it('rejects malformed dates instead of guessing', () => {
      expect(() => calendar.isWorkingDay('2027-02-30')).toThrow(RangeError);
    });
  });

  describe('addWorkingDays', () => {
    it.each([
      ['2027-01-27', 10, '2027-02-10'],
      ['2027-03-25', 1, '2027-03-30'], // over långfredag, the weekend and annandag påsk
      ['2027-03-30', -1, '2027-03-25'],
      ['2027-12-23', 1, '2027-12-27'], // over julafton
      ['2027-12-30', 1, '2028-01-03'], // over nyårsafton and nyårsdagen
      ['2027-06-24', 1, '2027-06-28'], // over midsommarafton
      ['2027-01-07', -1, '2027-01-05'], // back over trettondedag jul
      ['2027-01-07', -3, '2026-12-30'], // back over nyårsdagen and nyårsafton
      ['2027-01-30', 0, '2027-02-01'], // n = 0 rolls a weekend forward
      ['2027-01-27', 0, '2027-01-27'],
      ['2027-01-30', -1, '2027-01-29'], // from a Saturday
    ])('addWorkingDays(%s, %i) = %s', (date, n, expected) => {
      expect(calendar.addWorkingDays(date, n)).toBe(expected);
    });

    it('is inverted by workingDaysBetween for every day of 2026–2028', () => {
      for (let d = '2026-01-01'; compareLocalDates(d, '2028-12-31') <= 0; d = addDays(d, 1)) {
        for (const n of [-12, -5, -1, 1, 3, 12]) {
          const target = calendar.addWorkingDays(d, n);
          if (!calendar.isWorkingDay(target) || calendar.workingDaysBetween(d, target) !== n) {
            throw new Error(`addWorkingDays(${d}, ${n}) = ${target} does not round-trip`);
          }
        }
      }
    });

    it('rejects fractional counts', () => {
      expect(() => calendar.addWorkingDays('2027-01-27', 1.5)).toThrow(RangeError);
    });
  });

  describe('neighbouring working days', () => {
    it('moves forward and backward from holidays', () => {
      expect(calendar.nextWorkingDayOnOrAfter('2027-12-24')).toBe('2027-12-27');
      expect(calendar.nextWorkingDayOnOrAfter('2027-12-27')).toBe('2027-12-27');
      expect(calendar.firstWorkingDayAfter('2027-12-27')).toBe('2027-12-28');
      expect(calendar.previousWorkingDayOnOrBefore('2027-12-26')).toBe('2027-12-23');
      expect(calendar.lastWorkingDayBefore('2027-12-23')).toBe('2027-12-22');
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days in (from, to], negative when to is earlier', () => {
      expect(calendar.workingDaysBetween('2027-01-27', '2027-01-27')).toBe(0);
      expect(calendar.workingDaysBetween('2027-12-23', '2027-12-27')).toBe(1);
      expect(calendar.workingDaysBetween('2027-12-27', '2027-12-23')).toBe(-1);
      // Whole of 2027: 261 weekdays minus 8 holidays and days off that fall on weekdays.
      expect(calendar.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(253);
    });
  });

  describe('additional local days off', () => {
    const local = new WorkingDayCalendar({ additionalDaysOff: ['2027-05-07'] });

    it('treats configured days as non-working', () => {
      expect(local.isWorkingDay('2027-05-07')).toBe(false);
      expect(local.nonWorkingReason('2027-05-07')).toBe('additional_day_off');
      expect(local.addWorkingDays('2027-05-05', 1)).toBe('2027-05-10');
      expect(calendar.addWorkingDays('2027-05-05', 1)).toBe('2027-05-07');
    });

    it('validates configuration', () => {
      expect(() => new WorkingDayCalendar({ additionalDaysOff: ['7 maj'] })).toThrow(/additionalDaysOff\[0\]/);
    });
  });

  describe('quiet periods', () => {
    const summer = swedishSummerBreak(2027);
    const quiet = calendar.withQuietPeriods([summer]);

    it('derives the summer break from midsommarafton', () => {
      expect(summer).toMatchObject({ from: '2027-06-25', to: '2027-08-15' });
      expect(swedishSummerBreak(2026, '08-17')).toMatchObject({ from: '2026-06-19', to: '2026-08-17' });
      expect(() => swedishSummerBreak(2026, '06-01')).toThrow(RangeError);
    });

    it('shifts a date inside a quiet period to the first working day after it', () => {
      expect(quiet.isInQuietPeriod('2027-07-10')).toBe(true);
      expect(quiet.shiftOutOfQuietPeriod('2027-07-10')).toBe('2027-08-16'); // 15 Aug 2027 is a Sunday
      expect(quiet.shiftOutOfQuietPeriod('2027-06-25')).toBe('2027-08-16');
      expect(quiet.shiftOutOfQuietPeriod('2027-06-24')).toBe('2027-06-24');
      expect(quiet.shiftOutOfQuietPeriod('2027-08-16')).toBe('2027-08-16');
    });

    it('keeps quiet days as working days for deadline arithmetic', () => {
      expect(quiet.isWorkingDay('2027-07-12')).toBe(true);
      expect(quiet.addWorkingDays('2027-07-09', 1)).toBe('2027-07-12');
    });

    it('chains through back-to-back quiet periods', () => {
      const chained = new WorkingDayCalendar({
        quietPeriods: [
          { from: '2027-08-01', to: '2027-08-10' },
          { from: '2027-07-01', to: '2027-07-31' },
        ],
      });
      // 31 July 2027 is a Saturday, so the first working day after is 2 August: quiet again.
      expect(chained.shiftOutOfQuietPeriod('2027-07-15')).toBe('2027-08-11');
      expect(chained.quietPeriods.map((p) => p.from)).toEqual(['2027-07-01', '2027-08-01']);
    });

    it('rejects inverted periods', () => {
      expect(() => new WorkingDayCalendar({ quietPeriods: [{ from: '2027-08-15', to: '2027-06-25' }] })).toThrow(
        /quietPeriods\[0\]: from \(2027-08-15\) is after to/,
      );
    });
  });
});
