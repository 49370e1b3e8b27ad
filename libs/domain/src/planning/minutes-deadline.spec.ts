import { minutesDueAfterMove } from './minutes-deadline';

describe('minutesDueAfterMove', () => {
  it('keeps the minutes five working days after a meeting moved by a week', () => {
    // Tue 2027-04-06 + 5 working days = Tue 2027-04-13; moved to Tue 2027-04-13 → Tue 2027-04-20.
    expect(minutesDueAfterMove({ meetingFrom: '2027-04-06', meetingTo: '2027-04-13', minutesDue: '2027-04-13' })).toBe('2027-04-20');
  });

  it('counts over Swedish holidays: a meeting moved to Maundy Thursday skips Easter', () => {
    // 2027: Good Friday 26 March, Easter Monday 29 March. Thu 25 March + 5 working days = Mon 5 April (30, 31 March, 1, 2 and 5 April).
    expect(minutesDueAfterMove({ meetingFrom: '2027-03-11', meetingTo: '2027-03-25', minutesDue: '2027-03-18' })).toBe('2027-04-05');
  });

  it('keeps an offset someone made by moving the minutes deadline by hand', () => {
    expect(minutesDueAfterMove({ meetingFrom: '2027-09-01', meetingTo: '2027-09-08', minutesDue: '2027-09-15' })).toBe('2027-09-22');
  });
});
