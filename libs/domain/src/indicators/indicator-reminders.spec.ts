import { localDateTimeToInstant } from '../calendar/stockholm-time';
import { valueReminderPlan } from './indicator-reminders';

describe('value reminders', () => {
  const def = { periodicity: 'term' as const, reportWithinWorkingDays: 10, targets: { '2027-VT': 70 }, responsibleId: 'p1' };

  it('plans each unreported period of the plan year, at 08:00 on working days, after the given instant', () => {
    const plan = valueReminderPlan(def, 2027, [], localDateTimeToInstant('2027-01-01', '00:00'));
    const vt = plan.filter((r) => r.period === '2027-VT');
    // 10 working days after 30 June 2027.
    expect(vt[0].deadline).toBe('2027-07-14');
    expect(vt.map((r) => r.key).slice(0, 4)).toEqual(['before-10', 'before-2', 'due', 'overdue-1']);
    expect(vt.every((r) => r.at.endsWith(':00:00.000Z') && (r.at.includes('T06:') || r.at.includes('T07:')))).toBe(true);
    expect(new Set(plan.map((r) => r.period))).toEqual(new Set(['2027-VT', '2027-HT']));
  });

  it('leaves out reported periods, moments already past, and everything without a responsible person', () => {
    const after = localDateTimeToInstant('2027-07-09', '12:00');
    const plan = valueReminderPlan(def, 2027, ['2027-HT'], after);
    expect(plan.every((r) => r.period === '2027-VT' && Date.parse(r.at) > Date.parse(after))).toBe(true);
    expect(plan[0].key).toBe('before-2');
    expect(valueReminderPlan({ ...def, responsibleId: null }, 2027, [], after)).toEqual([]);
  });
});
