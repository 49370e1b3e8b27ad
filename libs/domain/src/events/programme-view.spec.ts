import {
  PROGRAMME_EVENT_TYPES,
  type ProgrammeDefinition,
  type ProgrammeEventPayloads,
  type ProgrammeEventType,
} from '@fullfolj/contracts';
import { applyEvent, emptyView, foldEvents, type ProgrammeEventRecord, type ProgrammeView } from './programme-view';

const definition: ProgrammeDefinition = {
  programmeId: 'p1',
  name: 'Fullföljd utbildning 2027',
  template: { id: 'skr-fullfoljd-utbildning', version: 2 },
  ownerId: 'anna',
  phases: [
    {
      key: 'forberedelse',
      name: { sv: 'Förberedelse', en: 'Preparation' },
      startDate: '2027-01-04',
      endDate: '2027-03-31',
      gate: { name: { sv: 'Start', en: 'Start' }, rule: 'all', dueDate: '2027-03-31' },
    },
    { key: 'genomforande', name: { sv: 'Genomförande', en: 'Implementation' }, startDate: '2027-04-01', endDate: '2027-11-30', gate: null },
  ],
  meetings: [
    { key: 'kickoff', phaseKey: 'forberedelse', kind: 'kickoff', name: { sv: 'Uppstart', en: 'Kick-off' }, date: '2027-01-27', participants: ['sara'] },
    {
      key: 'team-1',
      phaseKey: 'genomforande',
      kind: 'team',
      name: { sv: 'Team 1', en: 'Team 1' },
      date: '2027-04-05',
      participants: [],
      startTime: '13:00',
      durationMinutes: 90,
    },
  ],
  assignments: [
    { id: 'x1', phaseKey: 'forberedelse', kind: 'assignment', templateKey: 'analys', title: 'Nulägesanalys', responsibleId: 'lars', dueDate: '2027-03-01' },
  ],
  roles: [
    { personId: 'anna', role: 'owner' },
    { personId: 'erik', role: 'steering_member' },
    { personId: 'erik', role: 'steering_member', team: 'ignored' },
  ],
};

/** An event's type with its payload, correlated. */
type Draft = { [T in ProgrammeEventType]: { type: T; data: ProgrammeEventPayloads[T] } }[ProgrammeEventType];

let seq = 0;
const ev = (draft: Draft, actorId: string | null = 'anna', occurredAt = `2027-02-01T10:00:${String(seq % 60).padStart(2, '0')}.000Z`): ProgrammeEventRecord => ({
  seq: ++seq,
  actorId,
  subjectId: null,
  occurredAt,
  ...draft,
});

const gateRound = (round: number, reason: string | null): ProgrammeEventPayloads['gate_opened'] => ({
  phaseKey: 'forberedelse',
  round,
  rule: 'all',
  quorum: null,
  dueDate: '2027-03-31',
  members: ['erik'],
  snapshot: [],
  reason,
});

/** One payload per event type: the mapped type makes a new type fail to compile until it has one. */
const samples: { [T in ProgrammeEventType]: ProgrammeEventPayloads[T] } = {
  programme_started: { definition },
  phase_opened: { phaseKey: 'forberedelse' },
  gate_opened: gateRound(1, null),
  gate_reopened: gateRound(2, 'Ny analys'),
  gate_decided: { phaseKey: 'forberedelse', round: 1, decision: 'approve', comment: null, conditions: [], previous: null },
  gate_approved: { phaseKey: 'forberedelse', round: 1 },
  gate_rejected: { phaseKey: 'forberedelse', round: 1, reason: 'Ofullständig' },
  gate_withdrawn: { phaseKey: 'forberedelse', round: 1, reason: null },
  gate_reminded: { phaseKey: 'forberedelse', round: 1, recipients: ['erik'], undecided: ['erik'] },
  gate_escalated: { phaseKey: 'forberedelse', round: 1, recipients: ['anna'], undecided: ['erik'] },
  phase_closed: { phaseKey: 'forberedelse' },
  assignment_created: { assignment: { id: 'x2', phaseKey: 'genomforande', kind: 'report', title: 'Rapport', dueDate: '2027-05-01' } },
  assignment_reassigned: { assignmentId: 'x1', from: 'lars', to: 'sara' },
  status_recorded: { assignmentId: 'x1', from: 'remaining', to: 'in_progress', comment: null },
  assignment_completed: { assignmentId: 'x1', from: 'in_progress', comment: 'Klart' },
  deadline_moved: { assignmentId: 'x1', from: '2027-03-01', to: '2027-03-15', original: '2027-03-01', reason: 'Sportlov' },
  role_granted: { grant: { personId: 'sara', role: 'team_member', team: 'A' } },
  role_revoked: { grant: { personId: 'sara', role: 'team_member', team: 'A' }, reason: 'revoked' },
  meeting_invited: { meetingKey: 'kickoff', date: '2027-01-27', startTime: '09:00', sequence: 0 },
  meeting_moved: { meetingKey: 'kickoff', from: { date: '2027-01-27', time: '09:00' }, to: { date: '2027-01-28', time: '10:30' }, sequence: 1, reason: 'Krock' },
  meeting_cancelled: { meetingKey: 'kickoff', sequence: 2, reason: 'Sjukdom' },
  programme_completed: {},
};
// TypeScript cannot correlate T's payload with its type through the lookup; `samples` checks each.
const sample = <T extends ProgrammeEventType>(type: T): Draft => ({ type, data: samples[type] }) as Draft;

const fold = (...drafts: Draft[]): ProgrammeView => foldEvents(drafts.map((d) => ev(d)));
const start = (): ProgrammeView => fold(sample('programme_started'));
const phase = (v: ProgrammeView, key: string) => v.phases.find((p) => p.key === key)!;
const assignment = (v: ProgrammeView, id: string) => v.assignments.find((a) => a.id === id)!;
const meeting = (v: ProgrammeView, key: string) => v.meetings.find((m) => m.key === key)!;

describe('applyEvent', () => {
  it('starts empty', () => {
    expect(emptyView()).toEqual({ seq: 0, programme: null, phases: [], meetings: [], assignments: [], roles: [], gateRounds: [], gateDecisions: [] });
  });

  it('programme_started lays out the definition: pending phases, planned meetings, remaining assignments, one grant per person and role', () => {
    const v = start();
    expect(v.programme).toEqual({
      id: 'p1',
      name: 'Fullföljd utbildning 2027',
      templateId: 'skr-fullfoljd-utbildning',
      templateVersion: 2,
      ownerId: 'anna',
      status: 'running',
      currentPhaseKey: null,
      startDate: '2027-01-04',
      endDate: '2027-11-30',
      phaseOpened: false,
    });
    expect(v.phases.map((p) => [p.key, p.ordinal, p.status, p.gateStatus, p.gateRound])).toEqual([
      ['forberedelse', 0, 'pending', 'pending', 0],
      ['genomforande', 1, 'pending', null, 0],
    ]);
    expect(v.meetings.map((m) => [m.key, m.startTime, m.durationMinutes, m.status, m.sequence])).toEqual([
      ['kickoff', '09:00', 120, 'planned', 0],
      ['team-1', '13:00', 90, 'planned', 0],
    ]);
    expect(assignment(v, 'x1')).toMatchObject({ status: 'remaining', dueDate: '2027-03-01', originalDueDate: '2027-03-01', description: null, updatedAt: null, deadlineChanges: [] });
    expect(v.roles).toEqual([
      { personId: 'anna', role: 'owner', team: null },
      { personId: 'erik', role: 'steering_member', team: null },
    ]);
  });

  it('phase_opened opens the phase and makes it current', () => {
    const v = fold(sample('programme_started'), sample('phase_opened'));
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'open', openedAt: expect.any(String) });
    expect(v.programme).toMatchObject({ status: 'running', currentPhaseKey: 'forberedelse', phaseOpened: true });
  });

  it('gate_opened starts a round and the programme awaits the decision', () => {
    const v = fold(sample('programme_started'), sample('phase_opened'), sample('gate_opened'));
    expect(v.gateRounds).toEqual([expect.objectContaining({ phaseKey: 'forberedelse', round: 1, status: 'open', members: ['erik'], closedAt: null, reason: null })]);
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'awaiting_gate', gateStatus: 'open', gateRound: 1 });
    expect(v.programme?.status).toBe('awaiting_gate');
  });

  it('gate_decided records who decided what, in order', () => {
    const v = foldEvents([
      ev(sample('programme_started')),
      ev(sample('gate_opened')),
      ev({ type: 'gate_decided', data: { ...samples.gate_decided, decision: 'approve_with_conditions', conditions: [{ title: 'Plan', responsibleId: 'sara', dueDate: '2027-04-30' }] } }, 'erik', '2027-04-01T08:00:00.000Z'),
    ]);
    expect(v.gateDecisions).toEqual([
      {
        phaseKey: 'forberedelse',
        round: 1,
        personId: 'erik',
        decision: 'approve_with_conditions',
        comment: null,
        conditions: [{ title: 'Plan', responsibleId: 'sara', dueDate: '2027-04-30' }],
        at: '2027-04-01T08:00:00.000Z',
      },
    ]);
  });

  it('gate_approved closes the round and the programme runs on', () => {
    const v = foldEvents([ev(sample('programme_started')), ev(sample('gate_opened')), ev(sample('gate_approved'), 'erik', '2027-04-01T08:00:00.000Z')]);
    expect(v.gateRounds[0]).toMatchObject({ status: 'approved', closedAt: '2027-04-01T08:00:00.000Z' });
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'awaiting_gate', gateStatus: 'approved' });
    expect(v.programme?.status).toBe('running');
  });

  it('gate_rejected closes the round with its reason; the phase goes on until the gate is re-opened', () => {
    const v = fold(sample('programme_started'), sample('phase_opened'), sample('gate_opened'), sample('gate_rejected'));
    expect(v.gateRounds[0]).toMatchObject({ status: 'rejected', reason: 'Ofullständig' });
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'open', gateStatus: 'rejected', gateReason: 'Ofullständig' });
    expect(v.programme?.status).toBe('running');
  });

  it('gate_withdrawn without a reason keeps the round’s opening reason', () => {
    const v = fold(sample('programme_started'), { type: 'gate_opened', data: gateRound(1, 'Tidigt') }, sample('gate_withdrawn'));
    expect(v.gateRounds[0]).toMatchObject({ status: 'withdrawn', reason: 'Tidigt' });
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'open', gateStatus: 'withdrawn', gateReason: null });
  });

  it('gate_reopened starts the next round beside the closed one', () => {
    const v = fold(sample('programme_started'), sample('gate_opened'), sample('gate_rejected'), sample('gate_reopened'));
    expect(v.gateRounds.map((r) => [r.round, r.status, r.reason])).toEqual([
      [1, 'rejected', 'Ofullständig'],
      [2, 'open', 'Ny analys'],
    ]);
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'awaiting_gate', gateStatus: 'open', gateRound: 2, gateReason: 'Ny analys' });
  });

  it.each(['gate_reminded', 'gate_escalated'] as const)('%s is audit only: nothing but seq changes', (type) => {
    const before = fold(sample('programme_started'), sample('gate_opened'));
    const after = applyEvent(before, ev(sample(type)));
    expect(after).toEqual({ ...before, seq: after.seq });
    expect(after.phases).toBe(before.phases);
    expect(after.gateRounds).toBe(before.gateRounds);
  });

  it('phase_closed closes the phase', () => {
    const v = foldEvents([ev(sample('programme_started')), ev(sample('phase_opened')), ev(sample('phase_closed'), null, '2027-04-01T08:00:01.000Z')]);
    expect(phase(v, 'forberedelse')).toMatchObject({ status: 'closed', closedAt: '2027-04-01T08:00:01.000Z' });
  });

  it('assignment_created adds an assignment', () => {
    const v = fold(sample('programme_started'), sample('assignment_created'));
    expect(assignment(v, 'x2')).toMatchObject({ kind: 'report', phaseKey: 'genomforande', templateKey: null, responsibleId: null, status: 'remaining', originalDueDate: '2027-05-01' });
    expect(v.assignments.map((a) => a.id)).toEqual(['x1', 'x2']);
  });

  it('assignment_reassigned, status_recorded and assignment_completed change the assignment and when it changed', () => {
    const at = '2027-03-02T10:00:00.000Z';
    let v = start();
    v = applyEvent(v, ev(sample('assignment_reassigned'), 'anna', at));
    expect(assignment(v, 'x1')).toMatchObject({ responsibleId: 'sara', updatedAt: at });
    v = applyEvent(v, ev({ type: 'status_recorded', data: { ...samples.status_recorded, comment: 'Påbörjad' } }));
    v = applyEvent(v, ev(sample('status_recorded')));
    // A status without a comment keeps the last one.
    expect(assignment(v, 'x1')).toMatchObject({ status: 'in_progress', comment: 'Påbörjad' });
    v = applyEvent(v, ev(sample('assignment_completed'), 'sara', '2027-03-03T10:00:00.000Z'));
    expect(assignment(v, 'x1')).toMatchObject({ status: 'done', comment: 'Klart', completedAt: '2027-03-03T10:00:00.000Z', updatedAt: '2027-03-03T10:00:00.000Z' });
  });

  it('deadline_moved moves the deadline and keeps its history', () => {
    let v = start();
    v = applyEvent(v, ev(sample('deadline_moved'), 'anna', '2027-02-20T10:00:00.000Z'));
    v = applyEvent(v, ev({ type: 'deadline_moved', data: { ...samples.deadline_moved, from: '2027-03-15', to: '2027-03-22', reason: 'Igen' } }, null, '2027-03-01T10:00:00.000Z'));
    expect(assignment(v, 'x1')).toMatchObject({ dueDate: '2027-03-22', originalDueDate: '2027-03-01' });
    expect(assignment(v, 'x1').deadlineChanges).toEqual([
      { at: '2027-02-20T10:00:00.000Z', from: '2027-03-01', to: '2027-03-15', reason: 'Sportlov', byId: 'anna' },
      { at: '2027-03-01T10:00:00.000Z', from: '2027-03-15', to: '2027-03-22', reason: 'Igen', byId: null },
    ]);
  });

  it('role_granted adds a grant once', () => {
    const v = fold(sample('programme_started'), sample('role_granted'), sample('role_granted'));
    expect(v.roles.filter((r) => r.personId === 'sara')).toEqual([{ personId: 'sara', role: 'team_member', team: 'A' }]);
  });

  it('role_revoked removes that grant only, and a revocation of a role not held changes nothing', () => {
    const granted = fold(sample('programme_started'), sample('role_granted'), ev({ type: 'role_granted', data: { grant: { personId: 'sara', role: 'reference', team: null } } }));
    const v = applyEvent(granted, ev(sample('role_revoked')));
    expect(v.roles.filter((r) => r.personId === 'sara')).toEqual([{ personId: 'sara', role: 'reference', team: null }]);
    expect(v.roles.length).toBe(granted.roles.length - 1);
    const again = applyEvent(v, ev(sample('role_revoked')));
    expect(again.roles).toBe(v.roles);
  });

  it('meeting_invited, meeting_moved and meeting_cancelled follow the invitation', () => {
    let v = fold(sample('programme_started'), sample('meeting_invited'));
    expect(meeting(v, 'kickoff')).toMatchObject({ status: 'invited', sequence: 0 });
    v = applyEvent(v, ev(sample('meeting_moved')));
    expect(meeting(v, 'kickoff')).toMatchObject({ status: 'invited', date: '2027-01-28', startTime: '10:30', sequence: 1 });
    v = applyEvent(v, ev(sample('meeting_cancelled')));
    expect(meeting(v, 'kickoff')).toMatchObject({ status: 'cancelled', date: '2027-01-28', sequence: 2 });
    expect(meeting(v, 'team-1')).toMatchObject({ status: 'planned', sequence: 0 });
  });

  it('programme_completed completes the programme', () => {
    const v = fold(sample('programme_started'), sample('phase_opened'), sample('programme_completed'));
    expect(v.programme).toMatchObject({ status: 'completed', currentPhaseKey: null });
  });

  it('leaves the view alone for phases, meetings and assignments it does not know', () => {
    const before = start();
    for (const draft of [
      { type: 'phase_closed', data: { phaseKey: 'nope' } },
      { type: 'status_recorded', data: { ...samples.status_recorded, assignmentId: 'nope' } },
      { type: 'meeting_cancelled', data: { ...samples.meeting_cancelled, meetingKey: 'nope' } },
    ] satisfies Draft[]) {
      const after = applyEvent(before, ev(draft));
      expect({ ...after, seq: 0 }).toEqual({ ...before, seq: 0 });
      expect(after.phases).toBe(before.phases);
      expect(after.assignments).toBe(before.assignments);
      expect(after.meetings).toBe(before.meetings);
    }
  });

  it.each(PROGRAMME_EVENT_TYPES)('%s is pure: the same view and event give the same result, and the input is not changed', (type) => {
    const before = fold(sample('programme_started'), sample('phase_opened'), sample('gate_opened'));
    const snapshot = JSON.stringify(before);
    const event = ev(sample(type));
    const a = applyEvent(before, event);
    const b = applyEvent(before, event);
    expect(a).toEqual(b);
    expect(a.seq).toBe(event.seq);
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
