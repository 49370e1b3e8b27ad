import { deadlineOf, formatDue, parseDue, sameDue, type Due } from './due';

const month = (months: number[], year = 2022): Due => ({ months, year, term: null, postponed: false });

describe('the Slutfört column', () => {
  it.each([
    ['December', month([12]), false],
    ['  december ', month([12]), false],
    ['DECEMBER*', month([12]), true],
    ['December *', month([12]), true],
    ['Maj/November', month([5, 11]), false],
    ['maj / november*', month([5, 11]), true],
    ['November/Maj', month([5, 11]), false],
    ['Maj och November', month([5, 11]), false],
    ['mars, juni, september', month([3, 6, 9]), false],
    ['Dec', month([12]), false],
    ['December 2023', month([12], 2023), false],
    ['Hösten', { months: [], year: 2022, term: 'autumn', postponed: false }, false],
    ['VT', { months: [], year: 2022, term: 'spring', postponed: false }, false],
    ['Förskjuts till 2023', { months: [], year: 2023, term: null, postponed: true }, false],
    ['förskjuts till 2023', { months: [], year: 2023, term: null, postponed: true }, false],
    ['Förskjuts till hösten 2023', { months: [], year: 2023, term: 'autumn', postponed: true }, false],
    ['Förskjuten till våren 2024', { months: [], year: 2024, term: 'spring', postponed: true }, false],
    ['Förskjuts till mars 2023', { months: [3], year: 2023, term: null, postponed: true }, false],
    ['Förskjuts till nästa år', { months: [], year: 2023, term: null, postponed: true }, false],
    ['Fo\u0308rskjuts till 2023*', { months: [], year: 2023, term: null, postponed: true }, true],
    ['2022-11-30', { months: [11], year: 2022, term: null, postponed: false, day: 30 }, false],
    ['2023-01-15*', { months: [1], year: 2023, term: null, postponed: false, day: 15 }, true],
  ] as const)('reads %j', (input, due, moved) => {
    expect(parseDue(input, 2022)).toEqual({ ok: true, due, moved });
  });

  it('reads a blank cell as no due date', () => {
    expect(parseDue('', 2022)).toEqual({ ok: true, due: null, moved: false });
    expect(parseDue(null, 2022)).toEqual({ ok: true, due: null, moved: false });
  });

  it.each([
    ['Decembr', /"decembr" is not a month/],
    ['*', /"\*" alone/],
    ['Förskjuts', /must say to when/],
    ['Förskjuts till hösten', /must name a year/],
    ['Förskjuts till 2021', /before the plan's year 2022/],
    ['December 2021', /before the plan's year 2022/],
    ['Hösten/December', /mixes a term and months/],
    ['December 2022/Maj 2023', /two years/],
    ['Snart', /is not a month/],
    ['2022-02-30', /not a date in the calendar/],
    ['2021-12-31', /before the plan's year 2022/],
  ])('explains why %j cannot be read', (input, reason) => {
    const result = parseDue(input, 2022);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('takes the later of two months as the deadline, and ends terms and years at their last day', () => {
    expect(deadlineOf(month([5, 11]))).toBe('2022-11-30');
    expect(deadlineOf(month([2], 2024))).toBe('2024-02-29');
    expect(deadlineOf({ months: [], year: 2023, term: 'spring', postponed: true })).toBe('2023-06-30');
    expect(deadlineOf({ months: [], year: 2023, term: null, postponed: true })).toBe('2023-12-31');
    expect(deadlineOf({ months: [11], year: 2022, term: null, postponed: false, day: 15 })).toBe('2022-11-15');
  });

  it('writes due dates the way the boards do, in Swedish or English', () => {
    expect(formatDue(month([12]), 2022, false)).toBe('December');
    expect(formatDue(month([12]), 2022, true)).toBe('December*');
    expect(formatDue(month([5, 11]), 2022, false)).toBe('Maj/November');
    expect(formatDue(month([1], 2023), 2022, true)).toBe('Januari 2023*');
    expect(formatDue({ months: [], year: 2023, term: null, postponed: true }, 2022, true)).toBe('Förskjuts till 2023*');
    expect(formatDue({ months: [], year: 2023, term: null, postponed: true }, 2022, true, 'en')).toBe('Postponed to 2023*');
    expect(formatDue({ months: [11], year: 2022, term: null, postponed: false, day: 30 }, 2022, false)).toBe('2022-11-30');
    expect(formatDue({ months: [3], year: 2023, term: null, postponed: false, day: 1 }, 2022, true)).toBe('2023-03-01*');
    expect(formatDue({ months: [], year: 2023, term: 'autumn', postponed: true }, 2022, false)).toBe('Förskjuts till hösten 2023');
    expect(formatDue({ months: [], year: 2023, term: 'autumn', postponed: true }, 2022, false, 'en')).toBe('Postponed to autumn 2023');
    expect(formatDue(month([5, 11]), 2022, true, 'en')).toBe('May/November*');
    expect(formatDue(null, 2022, false)).toBe('');
  });

  it('reads back what it writes', () => {
    const dues: Due[] = [month([12]), month([5, 11]), month([1], 2023), { months: [], year: 2023, term: 'autumn', postponed: true }, { months: [11], year: 2022, term: null, postponed: false, day: 30 }];
    for (const due of dues) {
      for (const moved of [false, true]) {
        const parsed = parseDue(formatDue(due, 2022, moved), 2022);
        expect(parsed.ok && sameDue(parsed.due, due) && parsed.moved === moved).toBe(true);
      }
    }
  });
});
