import {
  FOLLOW_UP_STATUS_LABELS,
  FOLLOW_UP_STATUSES,
  FollowUpStatus,
  followUpStatusLabel,
  isFollowUpStatus,
  parseFollowUpStatus,
  parseFollowUpStatusDetail,
} from './follow-up-status';

describe('follow-up status vocabulary', () => {
  it('has the five statuses with Swedish and English labels', () => {
    expect(FOLLOW_UP_STATUSES).toEqual(['done', 'in_progress', 'remaining', 'paused', 'postponed']);
    expect(Object.values(FollowUpStatus).sort()).toEqual([...FOLLOW_UP_STATUSES].sort());
    expect(FOLLOW_UP_STATUS_LABELS.done.sv).toBe('Genomfört');
    expect(followUpStatusLabel('in_progress')).toBe('Pågående');
    expect(followUpStatusLabel('remaining')).toBe('Kvarstår');
    expect(followUpStatusLabel('paused', 'en')).toBe('Paused');
    expect(followUpStatusLabel('postponed')).toBe('Förskjuten');
  });

  it('recognises its own keys only', () => {
    expect(isFollowUpStatus('in_progress')).toBe(true);
    expect(isFollowUpStatus('Pågående')).toBe(false);
    expect(isFollowUpStatus(undefined)).toBe(false);
  });

  it.each([
    ['Genomfört', 'done'],
    ['  GENOMFÖRT  ', 'done'],
    ['genomfort', 'done'],
    ['Genomförd', 'done'],
    ['Pågående', 'in_progress'],
    ['Pågår', 'in_progress'],
    ['pågår.', 'in_progress'],
    ['Pa\u030agår', 'in_progress'], // decomposed å
    ['Kvarstår', 'remaining'],
    ['Ej påbörjad', 'remaining'],
    ['Pausad', 'paused'],
    ['Vilande', 'paused'],
    ['Förskjuten', 'postponed'],
    ['Förskjuts till 2023', 'postponed'],
    ['in progress', 'in_progress'],
    ['in_progress', 'in_progress'],
    ['Not started', 'remaining'],
    ['Postponed', 'postponed'],
  ])('parses %j as %s', (input, expected) => {
    expect(parseFollowUpStatus(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['December'],
    ['Genomfört delvis'],
    ['Ej genomfört'],
    ['Pågår enligt plan'],
    ['Pausa'],
    ['Förskjut'],
    [null],
    [undefined],
  ])('returns undefined for %j', (input) => {
    expect(parseFollowUpStatus(input)).toBeUndefined();
  });

  it('keeps where a postponement goes', () => {
    expect(parseFollowUpStatusDetail('Förskjuts till 2023')).toEqual({ status: 'postponed', postponedTo: '2023' });
    expect(parseFollowUpStatusDetail(' Förskjuten till VT 2024. ')).toEqual({ status: 'postponed', postponedTo: 'VT 2024' });
    expect(parseFollowUpStatusDetail('Förskjuts: hösten 2027*')).toEqual({ status: 'postponed', postponedTo: 'hösten 2027' });
    expect(parseFollowUpStatusDetail('Förskjuten')).toEqual({ status: 'postponed' });
    expect(parseFollowUpStatusDetail('Genomfört')).toEqual({ status: 'done' });
  });
});
