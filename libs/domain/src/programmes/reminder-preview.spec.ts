import { join } from 'node:path';

import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { planProgramme } from '../planning/plan-programme';
import { loadTemplates } from '../templates/template-loader.node';
import { toProgrammeDefinition } from './programme-definition.node';
import { type PreviewEntry, type PreviewGate, type PreviewItem, previewReminders } from './reminder-preview';

const TEMPLATES_DIR = join(__dirname, '../../../../templates');
const calendar = new WorkingDayCalendar();

const item = (overrides: Partial<PreviewItem> = {}): PreviewItem => ({
  id: 'item-1',
  title: 'Nulägesanalys',
  kind: 'assignment',
  dueDate: '2027-01-07',
  responsibleId: 'anna',
  completed: false,
  ...overrides,
});

const gate = (overrides: Partial<PreviewGate> = {}): PreviewGate => ({
  phaseKey: 'forberedelse',
  name: 'Nulägesanalysen godkänd',
  dueDate: '2027-01-25',
  undecided: ['member-1', 'member-2'],
  decided: false,
  ...overrides,
});

const preview = (input: Partial<Parameters<typeof previewReminders>[0]>) =>
  previewReminders({ ownerId: 'owner', chairId: 'chair', items: [], gates: [], ...input });

const brief = (entries: PreviewEntry[]) => entries.map((e) => `${e.reminderKey} ${e.date} ${e.at} ${e.recipientIds.join('+')}`);

describe('previewReminders', () => {
  it('plans an item with the default policy around trettondedag jul (Wednesday 6 January 2027)', () => {
    expect(brief(preview({ items: [item({ dueDate: '2027-01-07' })] })).slice(0, 6)).toEqual([
      // 10 working days back skip 6 Jan, nyårsdagen, nyårsafton, julafton, juldagen and the weekends.
      'before-10 2026-12-17 2026-12-17T07:00:00.000Z anna',
      'before-2 2027-01-04 2027-01-04T07:00:00.000Z anna',
      'due 2027-01-07 2027-01-07T07:00:00.000Z anna',
      'overdue-1 2027-01-08 2027-01-08T07:00:00.000Z anna',
      'escalation 2027-01-14 2027-01-14T07:00:00.000Z owner+chair',
      'overdue-week-1 2027-01-15 2027-01-15T07:00:00.000Z anna',
    ]);
  });

  it('reminds of a deadline on the holiday itself the working day before, and is overdue the day after', () => {
    const entries = preview({ items: [item({ dueDate: '2027-01-06' })] });
    const on = (key: string) => entries.find((e) => e.reminderKey === key)!.date;
    expect(on('due')).toBe('2027-01-05');
    expect(on('overdue-1')).toBe('2027-01-07');
    expect(on('escalation')).toBe('2027-01-13');
    expect(entries.map((e) => e.date)).not.toContain('2027-01-06');
    for (const e of entries) expect(calendar.isWorkingDay(e.date)).toBe(true);
  });

  it('describes each entry by its item', () => {
    const [first] = preview({ items: [item({ id: 'x', title: 'Lokal utvecklingsplan', kind: 'report', dueDate: '2027-03-25' })] });
    expect(first).toEqual({
      at: '2027-03-11T07:00:00.000Z',
      date: '2027-03-11',
      subject: { type: 'item', itemId: 'x', kind: 'report' },
      title: 'Lokal utvecklingsplan',
      dueDate: '2027-03-25',
      kind: 'reminder',
      reminderKey: 'before-10',
      recipientIds: ['anna'],
    });
  });

  it('plans nothing for a completed item or a decided gate', () => {
    expect(preview({ items: [item({ completed: true })], gates: [gate({ decided: true })] })).toEqual([]);
    expect(preview({ items: [item({ completed: true }), item({ id: 'open' })] }).every((e) => e.subject.type === 'item' && e.subject.itemId === 'open')).toBe(true);
  });

  it('sends escalations to the owner and the chair once each, or to the owner alone without a chair', () => {
    const escalation = (ownerId: string, chairId: string | null) =>
      preview({ ownerId, chairId, items: [item()] }).filter((e) => e.kind === 'escalation').map((e) => e.recipientIds);
    expect(escalation('owner', 'chair')).toEqual([['owner', 'chair']]);
    expect(escalation('owner', null)).toEqual([['owner']]);
    expect(escalation('owner', 'owner')).toEqual([['owner']]);
  });

  it('skips reminders for an item nobody is responsible for, but still escalates', () => {
    expect(preview({ items: [item({ responsibleId: null })] }).map((e) => [e.kind, e.reminderKey])).toEqual([['escalation', 'escalation']]);
  });

  it('applies the programme policy, and an item policy over it (unset fields keep the programme value)', () => {
    const programmePolicy = { daysBefore: [5], weeklyWhileOverdue: false, sendAt: '07:30' };
    expect(brief(preview({ programmePolicy, items: [item()] }))).toEqual([
      'before-5 2026-12-28 2026-12-28T06:30:00.000Z anna',
      'due 2027-01-07 2027-01-07T06:30:00.000Z anna',
      'overdue-1 2027-01-08 2027-01-08T06:30:00.000Z anna',
      'escalation 2027-01-14 2027-01-14T06:30:00.000Z owner+chair',
    ]);
    const override = { daysBefore: [], escalateAfterWorkingDays: null, sendAt: undefined };
    expect(brief(preview({ programmePolicy, items: [item({ reminderPolicy: override })] }))).toEqual([
      'due 2027-01-07 2027-01-07T06:30:00.000Z anna',
      'overdue-1 2027-01-08 2027-01-08T06:30:00.000Z anna',
    ]);
  });

  it('reminds undecided members of a gate two working days before and on the day, and escalates the day after', () => {
    const entries = preview({ gates: [gate()] });
    expect(brief(entries)).toEqual([
      'before-2 2027-01-21 2027-01-21T07:00:00.000Z member-1+member-2',
      'due 2027-01-25 2027-01-25T07:00:00.000Z member-1+member-2',
      'escalation 2027-01-26 2027-01-26T07:00:00.000Z owner+chair',
    ]);
    expect(entries[0]).toMatchObject({ subject: { type: 'gate', phaseKey: 'forberedelse' }, title: 'Nulägesanalysen godkänd', dueDate: '2027-01-25', kind: 'reminder' });
    expect(entries[2].kind).toBe('escalation');
  });

  it('only escalates a gate every member has decided on but that is not yet decided', () => {
    expect(preview({ gates: [gate({ undecided: [] })] }).map((e) => e.reminderKey)).toEqual(['escalation']);
  });

  it('lists only what comes strictly after `after`, in time order', () => {
    const entries = preview({ items: [item()], gates: [gate()], after: '2027-01-08T07:00:00.000Z' });
    expect(entries[0]).toMatchObject({ reminderKey: 'escalation', date: '2027-01-14' });
    expect(entries.every((e) => e.at > '2027-01-08T07:00:00.000Z')).toBe(true);
    expect([...entries].sort((a, b) => a.at.localeCompare(b.at))).toEqual(entries);
    expect(entries.filter((e) => e.subject.type === 'gate').map((e) => e.date)).toEqual(['2027-01-21', '2027-01-25', '2027-01-26']);
  });

  it('orders reminders sent at the same moment by title', () => {
    const entries = preview({ items: [item({ id: 'b', title: 'B' }), item({ id: 'a', title: 'A' })] });
    expect(entries.slice(0, 2).map((e) => e.title)).toEqual(['A', 'B']);
  });

  it('uses the calendar it is given (a municipality day off moves the reminder)', () => {
    const withDayOff = new WorkingDayCalendar({ additionalDaysOff: ['2027-01-07'] });
    const due = preview({ items: [item({ dueDate: '2027-01-07' })], calendar: withDayOff }).find((e) => e.reminderKey === 'due')!;
    expect(due.date).toBe('2027-01-05');
  });

  it('previews a started SKR programme: every open item and gate, on working days only', async () => {
    const templates = await loadTemplates(TEMPLATES_DIR);
    const skr = templates.find((t) => t.id === 'skr-fullfoljd-utbildning')!;
    const planned = planProgramme(skr, { programmeStart: '2027-01-04' });
    if (!planned.ok) throw new Error('expected a plan');
    const people = { ownerId: 'owner', chairId: 'chair', memberIds: ['m1', 'm2'], referenceGroupIds: [], teams: [], secretaryId: 'sec', responsibles: {} };
    const result = toProgrammeDefinition(skr, planned.plan, { programmeId: 'p', name: 'SKR', people });
    if (!result.ok) throw new Error('expected a definition');
    const d = result.definition;
    const [done, ...open] = d.assignments;
    const items = [{ ...done, completed: true }, ...open.map((a) => ({ ...a, completed: false }))].map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      dueDate: a.dueDate,
      responsibleId: a.responsibleId ?? null,
      reminderPolicy: a.reminderPolicy ?? null,
      completed: a.completed,
    }));
    const gates = d.phases.flatMap((p) => (p.gate ? [{ phaseKey: p.key, name: p.gate.name.sv, dueDate: p.gate.dueDate, undecided: ['m1', 'm2'], decided: false }] : []));
    const entries = preview({ items, gates });

    const itemIds = new Set(entries.flatMap((e) => (e.subject.type === 'item' ? [e.subject.itemId] : [])));
    expect(itemIds.has(done.id)).toBe(false);
    expect([...itemIds].sort()).toEqual(open.map((a) => a.id).sort());
    expect(new Set(entries.flatMap((e) => (e.subject.type === 'gate' ? [e.subject.phaseKey] : [])))).toEqual(new Set(['forberedelse', 'avslutning']));
    for (const e of entries) expect(calendar.isWorkingDay(e.date)).toBe(true);
    // Minutes carry { daysBefore: [] }: reminded on the day and after, never before the meeting.
    const minutes = entries.filter((e) => e.subject.type === 'item' && e.subject.kind === 'minutes');
    expect(minutes.length).toBeGreaterThan(0);
    expect(minutes.filter((e) => e.reminderKey.startsWith('before-'))).toEqual([]);
  });
});
