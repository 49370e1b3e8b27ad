import type { Due } from './due';
import { activitiesAsOf, changesFromImport, deadlineChange, FollowUpHistory, statusChange, type ActivityEvent } from './history';
import type { ImportedActivity } from './table';

const dec: Due = { months: [12], year: 2022, term: null, postponed: false };
const oct: Due = { months: [10], year: 2022, term: null, postponed: false };
const next: Due = { months: [], year: 2023, term: null, postponed: true };
const hierarchy = { perspective: 'Medborgare', municipalGoal: null, boardGoal: 'Fler elever når målen', strategicAssignment: null };

const row = (over: Partial<ImportedActivity> = {}): ImportedActivity => ({
  rowNumber: 2,
  hierarchy,
  activity: 'Kartlägga frånvaro',
  boards: ['BiN'],
  due: dec,
  moved: false,
  status: 'in_progress',
  comment: null,
  occurrence: 0,
  naturalKey: 'k',
  ...over,
});

function replay(changes: Array<{ change: ReturnType<typeof changesFromImport>[number]; on: string }>): ActivityEvent[] {
  return changes.map(({ change, on }, i) => ({ ...change, activityId: 'a1', effectiveOn: on, seq: i + 1 }));
}

describe('follow-up history', () => {
  it('answers for each date from the events effective by then, whatever was recorded later', () => {
    const created = changesFromImport(undefined, row());
    const h1 = new FollowUpHistory();
    h1.apply({ ...created[0], activityId: 'a1', effectiveOn: '2022-08-31', seq: 1 });
    const state = h1.get('a1')!;
    const events = replay([
      { change: created[0], on: '2022-08-31' },
      { change: statusChange(state, 'done')!, on: '2022-10-03' },
      { change: deadlineChange(state, next, 'Resurser saknas')!, on: '2022-11-15' },
    ]);
    expect(activitiesAsOf(events, '2022-08-30')).toEqual([]);
    expect(activitiesAsOf(events, '2022-08-31')[0]).toMatchObject({ status: 'in_progress', due: dec, moved: false });
    expect(activitiesAsOf(events, '2022-10-31')[0]).toMatchObject({ status: 'done', due: dec, moved: false });
    expect(activitiesAsOf(events, '2022-12-31')[0]).toMatchObject({ status: 'done', due: next, originalDue: dec, moved: true });
    // The order events are handed over in does not matter.
    expect(activitiesAsOf([...events].reverse(), '2022-10-31')).toEqual(activitiesAsOf(events, '2022-10-31'));
  });

  it('refuses events out of order and changes to activities that do not exist yet', () => {
    const h = new FollowUpHistory();
    const [created] = changesFromImport(undefined, row());
    h.apply({ ...created, activityId: 'a1', effectiveOn: '2022-08-31', seq: 5 });
    expect(() => h.apply({ ...created, activityId: 'a2', effectiveOn: '2022-08-30', seq: 6 })).toThrow(/out of order/);
    expect(() => h.apply({ type: 'status_changed', data: { from: null, to: 'done' }, activityId: 'zz', effectiveOn: '2022-09-01', seq: 7 })).toThrow(/before it was created/);
  });

  it('finds no change in a row that says what the activity says, and each real change once', () => {
    const h = new FollowUpHistory();
    h.apply({ ...changesFromImport(undefined, row())[0], activityId: 'a1', effectiveOn: '2022-08-31', seq: 1 });
    const state = h.get('a1')!;
    expect(changesFromImport(state, row())).toEqual([]);
    expect(changesFromImport(state, row({ status: 'done', comment: 'Klart i september', boards: ['BiN', 'BoU'] })).map((c) => c.type)).toEqual([
      'status_changed',
      'comment_changed',
      'boards_changed',
    ]);
    const [moved] = changesFromImport(state, row({ due: oct, moved: true }));
    expect(moved).toEqual({ type: 'deadline_moved', data: { from: dec, to: oct, original: dec, moved: true, reason: null } });
  });

  it('leaves statuses and comments alone when the table has no such column', () => {
    const h = new FollowUpHistory();
    h.apply({ ...changesFromImport(undefined, row({ comment: 'Startat' }))[0], activityId: 'a1', effectiveOn: '2022-08-31', seq: 1 });
    const plan = row({ status: null, comment: null });
    expect(changesFromImport(h.get('a1'), plan, { status: false, comment: false })).toEqual([]);
    expect(changesFromImport(h.get('a1'), plan, { status: true, comment: false }).map((c) => c.type)).toEqual(['status_changed']);
  });

  it('keeps the adopted deadline through moves and clears the asterisk when it is moved back', () => {
    const h = new FollowUpHistory();
    h.apply({ ...changesFromImport(undefined, row())[0], activityId: 'a1', effectiveOn: '2022-08-31', seq: 1 });
    h.apply({ ...deadlineChange(h.get('a1')!, oct, 'Tidigarelagt')!, activityId: 'a1', effectiveOn: '2022-09-01', seq: 2 });
    expect(h.get('a1')).toMatchObject({ due: oct, originalDue: dec, moved: true });
    h.apply({ ...deadlineChange(h.get('a1')!, next, 'Förskjuts')!, activityId: 'a1', effectiveOn: '2022-09-02', seq: 3 });
    expect(h.get('a1')).toMatchObject({ due: next, originalDue: dec, moved: true });
    h.apply({ ...deadlineChange(h.get('a1')!, dec, 'Tillbaka')!, activityId: 'a1', effectiveOn: '2022-09-03', seq: 4 });
    expect(h.get('a1')).toMatchObject({ due: dec, originalDue: dec, moved: false });
    expect(deadlineChange(h.get('a1')!, dec, 'Ingen ändring')).toBeNull();
  });

  it('keeps an imported asterisk when the adopted deadline is unknown', () => {
    const h = new FollowUpHistory();
    h.apply({ ...changesFromImport(undefined, row({ moved: true }))[0], activityId: 'a1', effectiveOn: '2022-08-31', seq: 1 });
    expect(h.get('a1')).toMatchObject({ due: dec, originalDue: null, moved: true });
    expect(changesFromImport(h.get('a1'), row({ moved: true }))).toEqual([]);
    expect(deadlineChange(h.get('a1')!, oct, 'x')!.data).toMatchObject({ moved: true, original: null });
  });
});
