import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from '../calendar/local-date';
import { instantToLocalDateTime } from '../calendar/stockholm-time';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { planReminders } from './plan-reminders';
import { DEFAULT_REMINDER_POLICY, ReminderPolicy } from './reminder-policy';

const calendar = new WorkingDayCalendar();
const plan = (due: string, policy: Partial<ReminderPolicy> = {}) => planReminders(due, { ...DEFAULT_REMINDER_POLICY, ...policy }, calendar);
const brief = (due: string, policy: Partial<ReminderPolicy> = {}) => plan(due, policy).map((r) => `${r.key} ${r.date} ${r.at}`);

describe('planReminders', () => {
  it('follows the default policy on an ordinary deadline: 10 and 2 working days before, the day, the day after, weekly, escalation', () => {
    expect(brief('2027-02-17').slice(0, 7)).toEqual([
      'before-10 2027-02-03 2027-02-03T07:00:00.000Z',
      'before-2 2027-02-15 2027-02-15T07:00:00.000Z',
      'due 2027-02-17 2027-02-17T07:00:00.000Z',
      'overdue-1 2027-02-18 2027-02-18T07:00:00.000Z',
      'escalation 2027-02-24 2027-02-24T07:00:00.000Z',
      'overdue-week-1 2027-02-25 2027-02-25T07:00:00.000Z',
      'overdue-week-2 2027-03-04 2027-03-04T07:00:00.000Z',
    ]);
    expect(plan('2027-02-17').filter((r) => r.audience === 'escalation')).toHaveLength(1);
  });

  it('skips the weekend: a deadline on a Saturday is reminded of on Friday and overdue on Monday', () => {
    const reminders = plan('2027-03-06');
    expect(reminders.find((r) => r.key === 'due')!.date).toBe('2027-03-05');
    expect(reminders.find((r) => r.key === 'overdue-1')!.date).toBe('2027-03-08');
  });

  it('skips Swedish holidays: national day, midsommarafton and Christmas', () => {
    // 6 June 2028 is a Tuesday and a public holiday.
    expect(brief('2028-06-06').slice(1, 4)).toEqual([
      'before-2 2028-06-02 2028-06-02T06:00:00.000Z',
      'due 2028-06-05 2028-06-05T06:00:00.000Z',
      'overdue-1 2028-06-07 2028-06-07T06:00:00.000Z',
    ]);
    // Midsommarafton 2027 (Friday 25 June) is a de facto day off.
    const midsommar = plan('2027-06-25');
    expect(midsommar.find((r) => r.key === 'due')!.date).toBe('2027-06-24');
    expect(midsommar.find((r) => r.key === 'overdue-1')!.date).toBe('2027-06-28');
    // Julafton, the weekend: overdue on Monday 27 December; nyårsafton is off too.
    const christmas = plan('2027-12-23');
    expect(christmas.find((r) => r.key === 'overdue-1')!.date).toBe('2027-12-27');
    expect(christmas.find((r) => r.key === 'escalation')!.date).toBe('2028-01-03');
  });

  it('sends at 08:00 Stockholm time on both sides of a daylight-saving change', () => {
    // Summer time starts on Sunday 28 March 2027, which is also Easter: långfredag and annandag påsk are off.
    const reminders = plan('2027-03-30');
    expect(reminders.find((r) => r.key === 'before-2')!.at).toBe('2027-03-24T07:00:00.000Z'); // CET, UTC+1
    expect(reminders.find((r) => r.key === 'due')!.at).toBe('2027-03-30T06:00:00.000Z'); // CEST, UTC+2
    const autumn = plan('2027-11-02'); // winter time from Sunday 31 October 2027
    expect(autumn.find((r) => r.key === 'before-2')!.at).toBe('2027-10-29T06:00:00.000Z');
    expect(autumn.find((r) => r.key === 'due')!.at).toBe('2027-11-02T07:00:00.000Z');
  });

  it('moves reminders out of a quiet period to its end, one per person and day', () => {
    const summer = { from: '2027-06-25', to: '2027-08-15' };
    const reminders = plan('2027-08-02', { quietPeriods: [summer] });
    const firstDay = reminders.filter((r) => r.date === '2027-08-16');
    expect(firstDay.map((r) => [r.audience, r.kind])).toEqual([
      ['responsible', 'overdue'],
      ['escalation', 'escalation'],
    ]);
    expect(reminders.every((r) => r.date < summer.from || r.date > summer.to)).toBe(true);
  });

  it('honours a policy override: other days before, no escalation, another send time', () => {
    expect(brief('2027-02-17', { daysBefore: [5], escalateAfterWorkingDays: null, weeklyWhileOverdue: false, sendAt: '07:30' })).toEqual([
      'before-5 2027-02-10 2027-02-10T06:30:00.000Z',
      'due 2027-02-17 2027-02-17T06:30:00.000Z',
      'overdue-1 2027-02-18 2027-02-18T06:30:00.000Z',
    ]);
  });

  it('always plans working days at the send time, in order, with unique keys', () => {
    const days = fc.integer({ min: toDayNumber('2026-01-01'), max: toDayNumber('2030-12-31') }).map(fromDayNumber);
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: 40 }), fc.subarray([1, 2, 3, 5, 10, 15]), (due, quietLength, before) => {
        const quiet = { from: addDays(due, -20), to: addDays(due, -20 + quietLength) };
        const reminders = plan(due, { daysBefore: before, quietPeriods: quietLength > 0 ? [quiet] : [] });
        expect(new Set(reminders.map((r) => `${r.audience}:${r.key}`)).size).toBe(reminders.length);
        expect([...reminders].sort((a, b) => a.at.localeCompare(b.at))).toEqual(reminders);
        for (const r of reminders) {
          expect(calendar.isWorkingDay(r.date)).toBe(true);
          expect(instantToLocalDateTime(r.at)).toEqual({ date: r.date, time: '08:00' });
          if (quietLength > 0) expect(r.date >= quiet.from && r.date <= quiet.to).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
