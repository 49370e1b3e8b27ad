import type { ProgrammeDefinition, ProgrammeEventPayloads, ProgrammeEventType } from '@fullfolj/contracts';
import type { ProgrammeEventRecord } from '../events/programme-view';
import { buildProgrammeReport, meetingSentence } from './programme-report';

const definition: ProgrammeDefinition = {
  programmeId: 'p1',
  name: 'Fullföljd utbildning 2027',
  template: { id: 'skr-fullfoljd-utbildning', version: 1 },
  ownerId: 'anna',
  phases: [
    { key: 'forberedelse', name: { sv: 'Förberedelse', en: 'Preparation' }, startDate: '2027-01-04', endDate: '2027-03-31', gate: { name: { sv: 'Start av genomförande', en: 'Start' }, rule: 'all', dueDate: '2027-03-31' } },
    { key: 'genomforande', name: { sv: 'Genomförande', en: 'Implementation' }, startDate: '2027-04-01', endDate: '2027-11-30', gate: null },
  ],
  meetings: [
    { key: 'kickoff', phaseKey: 'forberedelse', kind: 'kickoff', name: { sv: 'Uppstartsträff', en: 'Kick-off' }, date: '2027-01-27', participants: [] },
    { key: 'team-1', phaseKey: 'genomforande', kind: 'team', name: { sv: 'Utvecklingsteam-träff 1', en: 'Team meeting 1' }, date: '2027-04-05', participants: [] },
  ],
  assignments: [
    { id: 'm1', phaseKey: 'forberedelse', kind: 'minutes', templateKey: 'kickoff/minutes', title: 'Protokoll: Uppstartsträff', responsibleId: 'sara', dueDate: '2027-02-03' },
    { id: 'm2', phaseKey: 'genomforande', kind: 'minutes', templateKey: 'team-1/minutes', title: 'Protokoll: Utvecklingsteam-träff 1', responsibleId: 'sara', dueDate: '2027-04-12' },
    { id: 'x1', phaseKey: 'forberedelse', kind: 'assignment', templateKey: 'analys', title: 'Nulägesanalys', responsibleId: 'lars', dueDate: '2027-03-01' },
  ],
  roles: [],
};

/** An event's type with its payload, correlated. */
type Draft = { [T in ProgrammeEventType]: { type: T; data: ProgrammeEventPayloads[T] } }[ProgrammeEventType];

let seq = 0;
const ev = (occurredAt: string, draft: Draft, actorId: string | null = null): ProgrammeEventRecord => ({ seq: ++seq, actorId, subjectId: null, occurredAt, ...draft });

const events = [
  ev('2027-01-04T07:00:00.000Z', { type: 'programme_started', data: { definition } }, 'anna'),
  ev('2027-01-04T07:00:01.000Z', { type: 'phase_opened', data: { phaseKey: 'forberedelse' } }),
  ev('2027-02-01T10:00:00.000Z', { type: 'assignment_completed', data: { assignmentId: 'm1', from: 'remaining', comment: 'Justerat' } }, 'sara'),
  ev(
    '2027-02-20T10:00:00.000Z',
    { type: 'deadline_moved', data: { assignmentId: 'x1', from: '2027-03-01', to: '2027-03-15', original: '2027-03-01', reason: 'Sportlov' } },
    'anna',
  ),
  ev('2027-03-02T10:00:00.000Z', { type: 'status_recorded', data: { assignmentId: 'x1', from: 'remaining', to: 'in_progress', comment: 'Data insamlad' } }, 'lars'),
  ev('2027-03-31T22:00:00.000Z', {
    type: 'gate_opened',
    data: { phaseKey: 'forberedelse', round: 1, rule: 'all', quorum: null, dueDate: '2027-03-31', members: ['erik'], snapshot: [], reason: null },
  }),
  ev(
    '2027-04-01T08:00:00.000Z',
    { type: 'gate_decided', data: { phaseKey: 'forberedelse', round: 1, decision: 'approve', comment: 'Bra analys', conditions: [], previous: null } },
    'erik',
  ),
  ev('2027-04-01T08:00:00.000Z', { type: 'gate_approved', data: { phaseKey: 'forberedelse', round: 1 } }, 'erik'),
  ev('2027-04-01T08:00:01.000Z', { type: 'phase_closed', data: { phaseKey: 'forberedelse' } }),
  ev('2027-04-01T08:00:02.000Z', { type: 'phase_opened', data: { phaseKey: 'genomforande' } }),
];
const names = new Map([
  ['anna', 'Anna Lindqvist'],
  ['erik', 'Erik Johansson'],
  ['sara', 'Sara Ek'],
  ['lars', 'Lars Berg'],
]);

describe('programme reports from events', () => {
  it('shows phases, gate decisions, meetings with minutes and assignments with their deadline history', () => {
    const report = buildProgrammeReport({ kind: 'status', asOf: '2027-04-20', events, names });
    expect(report.title).toBe('Lägesrapport: Fullföljd utbildning 2027, per den 20 april 2027');
    expect(report.programme).toMatchObject({ status: 'running', currentPhaseKey: 'genomforande', ownerName: 'Anna Lindqvist', startDate: '2027-01-04', endDate: '2027-11-30' });
    expect(report.phases.map((p) => [p.key, p.status])).toEqual([
      ['forberedelse', 'closed'],
      ['genomforande', 'open'],
    ]);
    expect(report.phases[0].gate).toMatchObject({ status: 'approved', decisions: [{ personName: 'Erik Johansson', decision: 'approve', decisionLabel: 'Godkänner', comment: 'Bra analys' }] });
    expect(report.meetings.map((m) => [m.key, m.held, m.minutes?.received, m.minutes?.overdue])).toEqual([
      ['kickoff', true, true, false],
      ['team-1', true, false, true],
    ]);
    const analysis = report.assignments.find((a) => a.id === 'x1')!;
    expect(analysis).toMatchObject({ status: 'in_progress', comment: 'Data insamlad', dueDate: '2027-03-15', originalDueDate: '2027-03-01', overdue: true, responsibleName: 'Lars Berg' });
    expect(analysis.deadlineChanges).toEqual([{ at: '2027-02-20T10:00:00.000Z', from: '2027-03-01', to: '2027-03-15', reason: 'Sportlov', byId: 'anna', byName: 'Anna Lindqvist' }]);
    expect(report.summary).toMatchObject({ assignments: 3, overdue: 2, deadlineChanges: 1, meetingsHeld: 2, minutesReceived: 1, minutesMissing: 1, gatesApproved: 1, gates: 1 });
    expect(report.summary.sentences).toEqual([
      'Programmet är i fasen Genomförande (2027-04-01 – 2027-11-30).',
      'Programmet har 3 uppdrag, varav 1 genomfört, 1 pågående och 1 kvarstår.',
      '2 uppdrag har passerat sitt slutdatum utan att vara genomförda.',
      'Slutdatum har flyttats 1 gång, för 1 uppdrag.',
      '2 av 2 möten har hållits; protokoll har kommit in från 1 av 2.',
      '1 av 1 beslutspunkter är godkända.',
    ]);
  });

  it('answers for an earlier date from the events up to it (Stockholm time)', () => {
    // 22:00Z on 31 March is already 1 April in Stockholm: the gate opened on 1 April.
    const early = buildProgrammeReport({ kind: 'status', asOf: '2027-03-31', events, names, language: 'en' });
    expect(early.phases[0]).toMatchObject({ status: 'open', gate: { status: 'pending', decisions: [] } });
    expect(early.summary.sentences.slice(0, 2)).toEqual([
      'The programme is in the phase Preparation (2027-01-04 – 2027-03-31).',
      'The programme has 3 assignments: 1 done, 1 in progress and 1 remaining (not started).',
    ]);
    const awaiting = buildProgrammeReport({ kind: 'status', asOf: '2027-04-01', events: events.slice(0, 6), names });
    expect(awaiting.summary.sentences[0]).toBe('Programmet väntar på styrgruppens beslut: Start av genomförande.');
    expect(early.assignments.find((a) => a.id === 'x1')).toMatchObject({ status: 'in_progress', dueDate: '2027-03-15' });
    const earlier = buildProgrammeReport({ kind: 'final', asOf: '2027-02-10', events, names, language: 'en' });
    expect(earlier.assignments.find((a) => a.id === 'x1')).toMatchObject({ status: 'remaining', dueDate: '2027-03-01', deadlineChanges: [] });
    expect(earlier.title).toBe('Final report: Fullföljd utbildning 2027, as of 10 February 2027');
    expect(() => buildProgrammeReport({ kind: 'status', asOf: '2026-12-31', events })).toThrow(/had not started/);
  });
});

describe('meetingSentence', () => {
  const counts = (meetings: number, meetingsHeld: number, minutesExpected: number, minutesReceived: number) => ({ meetings, meetingsHeld, minutesExpected, minutesReceived });

  it('never says "0 of 0"', () => {
    expect(meetingSentence(counts(0, 0, 0, 0), 'sv')).toBe('Inga möten är planerade.');
    expect(meetingSentence(counts(0, 0, 0, 0), 'en')).toBe('No meetings are planned.');
    expect(meetingSentence(counts(6, 0, 0, 0), 'sv')).toBe('Inget av de 6 mötena har hållits ännu.');
    expect(meetingSentence(counts(6, 0, 0, 0), 'en')).toBe('None of the 6 meetings has been held yet.');
    expect(meetingSentence(counts(1, 0, 0, 0), 'sv')).toBe('Mötet har inte hållits ännu.');
  });

  it('counts held meetings and the minutes they need', () => {
    expect(meetingSentence(counts(6, 3, 3, 2), 'sv')).toBe('3 av 6 möten har hållits; protokoll har kommit in från 2 av 3.');
    expect(meetingSentence(counts(6, 3, 3, 3), 'en')).toBe('3 of 6 meetings have been held; minutes have come in for all of them.');
    expect(meetingSentence(counts(4, 1, 1, 1), 'sv')).toBe('1 av 4 möten har hållits; protokoll har kommit in från det.');
    expect(meetingSentence(counts(4, 1, 0, 0), 'en')).toBe('1 of 4 meetings has been held.');
  });
});
