import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ProgrammeDefinition, ProgrammeEvent, ProgrammeEventPayloads, ProgrammeEventType } from '@fullfolj/contracts';
import { insertTestTemplate, testServices } from '@fullfolj/testing';
import { dataSourceOptions } from './data-source';
import { ProgrammeProjectionRepository } from './programme-projection.repository';
import { ProgrammeReadRepository } from './programme-read.repository';

type Draft = { [T in ProgrammeEventType]: { type: T; data: ProgrammeEventPayloads[T] } }[ProgrammeEventType];

describe('the programme projection', () => {
  let dataSource: DataSource;
  let projection: ProgrammeProjectionRepository;
  let reads: ProgrammeReadRepository;
  const programmeId = randomUUID();
  const [owner, chair, lars, sara] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [x1, cond] = [randomUUID(), randomUUID()];
  const definition: ProgrammeDefinition = {
    programmeId,
    name: 'Projektion',
    template: { id: 'projection-test', version: 1 },
    ownerId: owner,
    phases: [
      { key: 'a', name: { sv: 'A', en: 'A' }, startDate: '2027-01-04', endDate: '2027-03-31', gate: { name: { sv: 'G', en: 'G' }, rule: 'all', dueDate: '2027-03-31' } },
      { key: 'b', name: { sv: 'B', en: 'B' }, startDate: '2027-04-01', endDate: '2027-06-30', gate: null },
    ],
    meetings: [{ key: 'kickoff', phaseKey: 'a', kind: 'kickoff', name: { sv: 'Uppstart', en: 'Kick-off' }, date: '2027-01-27', participants: [lars] }],
    assignments: [{ id: x1, phaseKey: 'a', kind: 'assignment', templateKey: 'analys', title: 'Analys', responsibleId: lars, dueDate: '2027-03-01' }],
    roles: [
      { personId: owner, role: 'owner' },
      { personId: chair, role: 'steering_chair' },
    ],
  };
  const round = (n: number, reason: string | null): ProgrammeEventPayloads['gate_opened'] => ({
    phaseKey: 'a',
    round: n,
    rule: 'all',
    quorum: null,
    dueDate: '2027-03-31',
    members: [chair],
    snapshot: [],
    reason,
  });
  const drafts: Array<[Draft, string | null]> = [
    [{ type: 'programme_started', data: { definition } }, owner],
    [{ type: 'phase_opened', data: { phaseKey: 'a' } }, null],
    [{ type: 'status_recorded', data: { assignmentId: x1, from: 'remaining', to: 'in_progress', comment: 'Igång' } }, lars],
    [{ type: 'status_recorded', data: { assignmentId: x1, from: 'in_progress', to: 'paused', comment: null } }, lars],
    [{ type: 'deadline_moved', data: { assignmentId: x1, from: '2027-03-01', to: '2027-03-15', original: '2027-03-01', reason: 'Sportlov' } }, owner],
    [{ type: 'assignment_reassigned', data: { assignmentId: x1, from: lars, to: sara } }, owner],
    [{ type: 'meeting_invited', data: { meetingKey: 'kickoff', date: '2027-01-27', startTime: '09:00', sequence: 0 } }, null],
    [{ type: 'meeting_moved', data: { meetingKey: 'kickoff', from: { date: '2027-01-27', time: '09:00' }, to: { date: '2027-01-28', time: '13:00' }, sequence: 1, reason: 'Krock' } }, owner],
    [{ type: 'gate_opened', data: round(1, null) }, null],
    [{ type: 'gate_decided', data: { phaseKey: 'a', round: 1, decision: 'send_back', comment: 'Mer data', conditions: [], previous: null } }, chair],
    [{ type: 'gate_rejected', data: { phaseKey: 'a', round: 1, reason: 'Mer data' } }, null],
    [{ type: 'gate_reopened', data: round(2, 'Kompletterad') }, owner],
    [{ type: 'gate_reminded', data: { phaseKey: 'a', round: 2, recipients: [chair], undecided: [chair] } }, null],
    [
      {
        type: 'gate_decided',
        data: { phaseKey: 'a', round: 2, decision: 'approve_with_conditions', comment: null, conditions: [{ title: 'Plan', responsibleId: sara, dueDate: '2027-05-01' }], previous: null },
      },
      chair,
    ],
    [{ type: 'gate_approved', data: { phaseKey: 'a', round: 2, conditionAssignments: [cond] } }, null],
    [{ type: 'assignment_created', data: { assignment: { id: cond, phaseKey: 'b', kind: 'assignment', title: 'Plan', responsibleId: sara, dueDate: '2027-05-01' }, fromGate: { phaseKey: 'a', round: 2 } } }, null],
    [{ type: 'phase_closed', data: { phaseKey: 'a' } }, null],
    [{ type: 'phase_opened', data: { phaseKey: 'b' } }, null],
    [{ type: 'assignment_completed', data: { assignmentId: cond, from: 'remaining', comment: 'Klar' } }, sara],
    [{ type: 'role_granted', data: { grant: { personId: sara, role: 'team_member', team: 'Team 1' } } }, owner],
    [{ type: 'meeting_cancelled', data: { meetingKey: 'kickoff', sequence: 2, reason: 'Sjuk' } }, owner],
  ];
  const events: ProgrammeEvent[] = drafts.map(([draft, actorId], i) => ({
    programmeId,
    seq: i + 1,
    actorId,
    subjectId: null,
    occurredAt: new Date(Date.UTC(2027, 0, 4, 8, i)).toISOString(),
    ...draft,
  }));
  const at = (seq: number) => events[seq - 1].occurredAt;

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(testServices().databaseUrl)).initialize();
    projection = new ProgrammeProjectionRepository(dataSource);
    reads = new ProgrammeReadRepository(dataSource);
    await insertTestTemplate(dataSource, 'projection-test');
    for (const e of events) expect(await projection.record(e)).toBe(true);
  });
  afterAll(() => dataSource.destroy());

  /** Every read-model row of the programme, without the times the rows were written. */
  async function rows() {
    const q = (sql: string) => dataSource.query<Array<Record<string, unknown>>>(sql, [programmeId]);
    return {
      programme: await q(`SELECT id, name, template_id, template_version, owner_id, status, current_phase_key, start_date, end_date, event_seq FROM programme WHERE id = $1`),
      phases: await q(`SELECT * FROM programme_phase WHERE programme_id = $1 ORDER BY key`),
      meetings: await q(`SELECT * FROM programme_meeting WHERE programme_id = $1 ORDER BY key`),
      assignments: await q(`SELECT * FROM assignment WHERE programme_id = $1 ORDER BY id`),
      roles: await q(`SELECT * FROM programme_role WHERE programme_id = $1 ORDER BY person_id, role`),
      rounds: await q(`SELECT * FROM gate_round WHERE programme_id = $1 ORDER BY phase_key, round`),
      decisions: await q(`SELECT phase_key, round, person_id, decision, comment, conditions, decided_at FROM gate_decision WHERE programme_id = $1 ORDER BY id`),
    };
  }

  it('writes what the events say', async () => {
    const model = (await reads.find(programmeId))!;
    expect(model.programme).toMatchObject({ status: 'running', currentPhaseKey: 'b', eventSeq: events.length, startDate: '2027-01-04', endDate: '2027-06-30' });
    expect(model.phases.map((p) => [p.key, p.status, p.gateStatus, p.openedAt, p.closedAt])).toEqual([
      ['a', 'closed', 'approved', at(2), at(17)],
      ['b', 'open', null, at(18), null],
    ]);
    expect(model.meetings).toEqual([expect.objectContaining({ key: 'kickoff', date: '2027-01-28', startTime: '13:00', status: 'cancelled', sequence: 2, durationMinutes: 120 })]);
    const byId = new Map(model.assignments.map((a) => [a.id, a]));
    expect(byId.get(x1)).toMatchObject({ status: 'paused', comment: 'Igång', responsibleId: sara, dueDate: '2027-03-15', originalDueDate: '2027-03-01', completedAt: null });
    expect(byId.get(cond)).toMatchObject({ status: 'done', comment: 'Klar', completedAt: at(19), dueDate: '2027-05-01' });
    expect(model.roles.map((r) => [r.personId, r.role, r.team]).sort()).toEqual(
      [
        [owner, 'owner', null],
        [chair, 'steering_chair', null],
        [sara, 'team_member', 'Team 1'],
      ].sort(),
    );
    const rounds = await reads.gateRounds(programmeId, 'a');
    expect(rounds.map((r) => [r.round, r.status, r.reason, r.openedAt, r.closedAt])).toEqual([
      [1, 'rejected', 'Mer data', at(9), at(11)],
      [2, 'approved', 'Kompletterad', at(12), at(15)],
    ]);
    expect(rounds.flatMap((r) => r.decisions.map((d) => [r.round, d.personId, d.decision, d.decidedAt]))).toEqual([
      [1, chair, 'send_back', at(10)],
      [2, chair, 'approve_with_conditions', at(14)],
    ]);
    const [updated] = await dataSource.query<Array<{ updatedAt: string }>>(
      `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM assignment WHERE id = $1`,
      [x1],
    );
    expect(updated.updatedAt).toBe(at(6));
  });

  it('does nothing for an event stored already (a retried activity)', async () => {
    const before = await rows();
    expect(await projection.record(events[2])).toBe(false);
    expect(await rows()).toEqual(before);
  });

  it('rebuilds the same rows from the stored events alone', async () => {
    const before = await rows();
    const view = await projection.rebuild(programmeId);
    expect(view.seq).toBe(events.length);
    expect(await rows()).toEqual(before);
  });
});
