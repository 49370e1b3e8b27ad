import { instantToLocalDate, instantToLocalDateTime, isLocalTime, localDateTimeToInstant } from './stockholm-time';

describe('Stockholm time', () => {
  describe('localDateTimeToInstant', () => {
    it.each([
      // Winter time (CET, UTC+1): 08:00 local is 07:00Z.
      ['2026-03-28', '08:00', '2026-03-28T07:00:00.000Z'],
      // Summer time starts 2026-03-29 at 02:00 → 03:00 (CEST, UTC+2): 08:00 local is 06:00Z.
      ['2026-03-29', '08:00', '2026-03-29T06:00:00.000Z'],
      ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
      ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
      ['2026-10-24', '08:00', '2026-10-24T06:00:00.000Z'],
      // Summer time ends 2026-10-25 at 03:00 → 02:00: 08:00 local is 07:00Z again.
      ['2026-10-25', '08:00', '2026-10-25T07:00:00.000Z'],
      ['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
      ['2027-01-27', '00:00', '2027-01-26T23:00:00.000Z'],
      ['2027-06-25', '23:59', '2027-06-25T21:59:00.000Z'],
    ])('%s %s → %s', (date, time, instant) => {
      expect(localDateTimeToInstant(date, time)).toBe(instant);
    });

    it('moves a time in the skipped spring hour forward', () => {
      // 02:30 does not exist on 2026-03-29; it becomes 03:30 CEST.
      expect(localDateTimeToInstant('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
    });

    it('resolves a time in the repeated autumn hour to standard time', () => {
      // 02:30 happens twice on 2026-10-25 (00:30Z and 01:30Z); the second one is chosen.
      expect(localDateTimeToInstant('2026-10-25', '02:30')).toBe('2026-10-25T01:30:00.000Z');
    });

    it('rejects malformed input', () => {
      expect(() => localDateTimeToInstant('2026-10-25', '8:00')).toThrow(RangeError);
      expect(() => localDateTimeToInstant('2026-10-25', '24:00')).toThrow(RangeError);
      expect(() => localDateTimeToInstant('2026-02-30', '08:00')).toThrow(RangeError);
      expect(isLocalTime('23:59')).toBe(true);
      expect(isLocalTime('23:60')).toBe(false);
    });
  });

  describe('instantToLocalDate', () => {
    it.each([
      ['2026-06-30T22:30:00.000Z', '2026-07-01'], // CEST: already the next day
      ['2026-06-30T21:59:59.999Z', '2026-06-30'],
      ['2026-12-31T22:59:59Z', '2026-12-31'], // CET
      ['2026-12-31T23:00:00Z', '2027-01-01'],
      ['2026-10-24T22:30:00Z', '2026-10-25'],
      ['2027-01-27T08:00:00+01:00', '2027-01-27'],
    ])('%s → %s', (instant, date) => {
      expect(instantToLocalDate(instant)).toBe(date);
    });

    it('round-trips with localDateTimeToInstant', () => {
      expect(instantToLocalDateTime(localDateTimeToInstant('2026-03-29', '08:00'))).toEqual({ date: '2026-03-29', time: '08:00' });
      expect(instantToLocalDateTime(localDateTimeToInstant('2026-10-25', '23:15'))).toEqual({ date: '2026-10-25', time: '23:15' });
    });

    it('refuses instants without an offset, which would depend on the host zone', () => {
      expect(() => instantToLocalDate('2026-06-30T22:30:00')).toThrow(RangeError);
      expect(() => instantToLocalDate('yesterday')).toThrow(RangeError);
      expect(() => instantToLocalDate('2026-02-30T10:00:00Z')).toThrow(RangeError);
    });
  });
});
