import { randomUUID } from 'node:crypto';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { GateDecision, GateRule, programmeQueries, programmeUpdates, ProgrammeDefinition, REJECTION, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { advanceTo, agreedState, eventually, Mailbox, sentTo, startTimeSkipping, testDate, TimeSkippingHarness, testServices, insertPeople, insertTestTemplate, testPeople } from '@fullfolj/testing';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

// Phase gates on the time-skipping server: every decision rule, conditions, send-back and
// resubmission, changed minds, gates that can no longer pass, and weeks of waiting while
// nothing of the next phase happens. Activities write the real test PostgreSQL and mail
// goes to the real test SMTP server.
describe('phase gates', () => {
  let h: TimeSkippingHarness;
  const mailbox = new Mailbox(testServices().mailDir);
  const person = testPeople();
  const owner = person('Anna');
  const chair = person('Erik');
  const members = [person('Fatima'), person('Lars'), person('Sofia'), person('Karin')];
  const official = person('Sara');
  const steering = [chair, ...members];

  beforeAll(async () => {
    h = await startTimeSkipping(`gates-${randomUUID()}`);
    await insertTestTemplate(h.dataSource, 'gates');
    await insertPeople(h.dataSource, [owner, ...steering, official]);
  });
  afterAll(() => h?.close());

  function definition(rule: GateRule, extra: { quorum?: number; memberIds?: string[] } = {}): ProgrammeDefinition {
    const programmeId = randomUUID();
    return {
      programmeId,
      name: 'Grindprogram',
      template: { id: 'gates', version: 1 },
      ownerId: owner.id,
      phases: [
        {
          key: 'prep',
          name: { sv: 'Förberedelse', en: 'Preparation' },
          startDate: testDate('01-04'),
          endDate: testDate('01-31'),
          gate: { name: { sv: 'Klart för start', en: 'Ready to start' }, rule, dueDate: testDate('02-10'), ...extra },
        },
        { key: 'work', name: { sv: 'Genomförande', en: 'Work' }, startDate: testDate('02-01'), endDate: testDate('05-31'), gate: null },
      ],
      meetings: [{ key: 'kickoff', phaseKey: 'work', kind: 'kickoff', name: { sv: 'Uppstart', en: 'Kick-off' }, date: testDate('02-03'), participants: ['owner'] }],
      assignments: [
        { id: randomUUID(), phaseKey: 'prep', kind: 'assignment', title: 'Nulägesanalys', responsibleId: official.id, dueDate: testDate('01-20') },
        { id: randomUUID(), phaseKey: 'work', kind: 'report', title: 'Lägesrapport', responsibleId: official.id, dueDate: testDate('05-15') },
      ],
      roles: [
        { personId: owner.id, role: 'owner' },
        { personId: chair.id, role: 'steering_chair' },
        ...members.map((m) => ({ personId: m.id, role: 'steering_member' as const })),
        { personId: official.id, role: 'responsible' },
      ],
    };
  }

  async function startAtGate(def: ProgrammeDefinition): Promise<WorkflowHandle<typeof programmeWorkflow>> {
    const handle = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(def.programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);
    if ((await h.env.currentTimeMs()) < Date.parse(`${testDate('02-02')}T12:00:00Z`)) await advanceTo(h.env, testDate('02-02'));
    await eventually(async () => expect((await handle.query(programmeQueries.state)).phases[0].gate!.status).toBe('open'));
    return handle;
  }

  const decide = (handle: WorkflowHandle, who: { id: string }, decision: GateDecision, extra: { comment?: string; conditions?: unknown[] } = {}) =>
    handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: who.id, phaseKey: 'prep', decision, ...extra } as never] });
  const gateOf = async (handle: WorkflowHandle) => (await handle.query(programmeQueries.state)).phases[0].gate!;

  // A rejection's type and human message; the field at fault and a stable code travel in its details.
  async function rejection(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string; details: unknown[] }> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    return { type: cause.type ?? undefined, message: cause.message, details: cause.details ?? [] };
  }

  it.each<[GateRule, number | undefined, Array<[number, GateDecision]>, number]>([
    // rule, quorum, decisions (steering index, decision), index of the decision that passes the gate
    ['all', undefined, [[0, 'approve'], [1, 'approve'], [2, 'abstain'], [3, 'approve'], [4, 'approve']], 4],
    ['majority', undefined, [[1, 'approve'], [2, 'send_back'], [3, 'approve'], [0, 'approve']], 3],
    ['quorum', 2, [[4, 'abstain'], [1, 'approve'], [2, 'approve']], 2],
    ['chair', undefined, [[1, 'send_back'], [2, 'send_back'], [0, 'approve']], 2],
  ])('rule %s (quorum %s) passes exactly when it is met, then the next phase opens', async (rule, quorum, decisions, passing) => {
    const def = definition(rule, quorum ? { quorum } : {});
    const handle = await startAtGate(def);
    for (const [i, [member, decision]] of decisions.entries()) {
      await decide(handle, steering[member], decision, decision === 'send_back' ? { comment: 'Underlaget saknar elevperspektiv' } : {});
      const gate = await gateOf(handle);
      expect(gate.status).toBe(i < passing ? 'open' : 'approved');
    }
    await eventually(async () => {
      const { live } = await agreedState(handle, h.dataSource);
      expect(live.phases.map((p) => p.status)).toEqual(['closed', 'open']);
    });
    const rounds = await h.dataSource.query(`SELECT round, status, rule FROM gate_round WHERE programme_id = $1`, [def.programmeId]);
    expect(rounds).toEqual([{ round: 1, status: 'approved', rule }]);
    await handle.terminate('test done');
  });

  it('only the named members decide, and nobody decides a closed gate', async () => {
    const def = definition('chair', { memberIds: [chair.id, members[0].id] });
    const handle = await startAtGate(def);
    expect((await gateOf(handle)).members).toEqual([chair.id, members[0].id]);
    expect(await rejection(decide(handle, members[1], 'approve'))).toEqual({
      type: REJECTION.forbidden,
      message: expect.stringMatching(/members named/),
      details: [{ field: null, code: 'not_gate_member' }],
    });
    expect(await rejection(decide(handle, chair, 'send_back'))).toEqual({
      type: REJECTION.invalid,
      message: 'sending back needs a comment',
      details: [{ field: 'comment', code: 'comment_required' }],
    });
    await decide(handle, chair, 'approve');
    expect(await rejection(decide(handle, members[0], 'approve'))).toEqual({
      type: REJECTION.conflict,
      message: 'the gate of "prep" is closed (approved)',
      details: [{ field: null, code: 'gate_closed' }],
    });
    expect(await rejection(handle.executeUpdate(programmeUpdates.reopenGate, { args: [{ actorId: owner.id, phaseKey: 'prep', reason: 'x' }] }))).toMatchObject({
      type: REJECTION.conflict,
    });
    await handle.terminate('test done');
  });

  it('conditions of an approval become assignments of the next phase, with their responsible person and due date', async () => {
    const def = definition('majority');
    const handle = await startAtGate(def);
    const conditions = [
      { title: 'Komplettera nulägesanalysen med närvarodata', responsibleId: official.id, dueDate: testDate('03-01') },
      { title: 'Förankra planen i elevrådet', responsibleId: members[3].id, dueDate: testDate('03-15') },
    ];
    await decide(handle, chair, 'approve_with_conditions', { conditions: [conditions[0]] });
    await decide(handle, members[0], 'approve_with_conditions', { conditions: [conditions[1]] });
    await decide(handle, members[1], 'approve');
    const { live, db } = await agreedState(handle, h.dataSource);
    const created = db.assignments.filter((a) => a.description?.startsWith('Villkor'));
    expect(created.map((a) => ({ title: a.title, phaseKey: a.phaseKey, responsibleId: a.responsibleId, dueDate: a.dueDate })).sort((a, b) => a.title.localeCompare(b.title))).toEqual(
      [
        { title: conditions[1].title, phaseKey: 'work', responsibleId: members[3].id, dueDate: testDate('03-15') },
        { title: conditions[0].title, phaseKey: 'work', responsibleId: official.id, dueDate: testDate('03-01') },
      ],
    );
    expect(live.roles).toContainEqual({ personId: members[3].id, role: 'responsible', team: null });
    expect(
      await rejection(decide(handle, members[2], 'approve_with_conditions', { conditions: [] })),
    ).toMatchObject({ type: REJECTION.conflict }); // already closed
    await handle.terminate('test done');
  });

  it('keeps every change of mind; only the latest decision of each member counts', async () => {
    const def = definition('majority');
    const handle = await startAtGate(def);
    await decide(handle, chair, 'approve');
    await decide(handle, members[0], 'approve');
    await decide(handle, chair, 'send_back', { comment: 'Jag har ändrat mig: budgeten saknas' });
    await decide(handle, members[1], 'approve');
    expect((await gateOf(handle)).status).toBe('open'); // 2 of 5, the chair's approval no longer counts
    await decide(handle, members[2], 'approve');
    expect((await gateOf(handle)).status).toBe('approved');
    const rows = await h.dataSource.query(`SELECT person_id AS "personId", decision FROM gate_decision WHERE programme_id = $1 ORDER BY id`, [def.programmeId]);
    expect(rows).toEqual([
      { personId: chair.id, decision: 'approve' },
      { personId: members[0].id, decision: 'approve' },
      { personId: chair.id, decision: 'send_back' },
      { personId: members[1].id, decision: 'approve' },
      { personId: members[2].id, decision: 'approve' },
    ]);
    const changed = await h.dataSource.query(`SELECT data FROM programme_event WHERE programme_id = $1 AND type = 'gate_decided' AND actor_id = $2 ORDER BY seq`, [
      def.programmeId,
      chair.id,
    ]);
    expect(changed.map((e: { data: { previous: string | null; decision: string } }) => [e.data.previous, e.data.decision])).toEqual([
      [null, 'approve'],
      ['approve', 'send_back'],
    ]);
    await handle.terminate('test done');
  });

  it('a gate that can no longer pass is rejected and the owner told; after rework the owner re-opens it on a fresh snapshot', async () => {
    const def = definition('all');
    const handle = await startAtGate(def);
    const [analysis] = def.assignments;
    expect((await gateOf(handle)).snapshot).toEqual([expect.objectContaining({ id: analysis.id, status: 'remaining', completedAt: null })]);

    await decide(handle, chair, 'approve');
    await decide(handle, members[0], 'send_back', { comment: 'Nulägesanalysen är inte klar' });
    let gate = await gateOf(handle);
    expect(gate.status).toBe('rejected');
    let { live } = await agreedState(handle, h.dataSource);
    expect(live.phases.map((p) => p.status)).toEqual(['open', 'pending']); // the phase goes on; nothing of the next starts
    const [told] = await mailbox.waitFor((m) => sentTo(owner.email)(m) && /gick inte igenom/.test(m.subject ?? ''));
    expect(told.text).toContain('Klart för start');

    // Rework, then resubmission.
    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official.id, assignmentId: analysis.id, comment: 'Kompletterad' }] });
    expect(await rejection(handle.executeUpdate(programmeUpdates.reopenGate, { args: [{ actorId: chair.id, phaseKey: 'prep', reason: 'Klar nu' }] }))).toMatchObject({
      type: REJECTION.forbidden,
    });
    await handle.executeUpdate(programmeUpdates.reopenGate, { args: [{ actorId: owner.id, phaseKey: 'prep', reason: 'Analysen är kompletterad' }] });
    gate = await gateOf(handle);
    expect(gate).toMatchObject({ status: 'open', round: 2, decisions: [], reason: 'Analysen är kompletterad' });
    expect(gate.snapshot).toEqual([expect.objectContaining({ id: analysis.id, status: 'done', completedAt: expect.any(String) })]);

    for (const m of steering) await decide(handle, m, 'approve');
    ({ live } = await agreedState(handle, h.dataSource));
    await eventually(async () => expect((await agreedState(handle, h.dataSource)).live.phases.map((p) => p.status)).toEqual(['closed', 'open']));
    const rounds = await h.dataSource.query(`SELECT round, status, reason, jsonb_array_length(snapshot) AS items FROM gate_round WHERE programme_id = $1 ORDER BY round`, [
      def.programmeId,
    ]);
    expect(rounds).toEqual([
      { round: 1, status: 'rejected', reason: 'the decision rule can no longer be met', items: 1 },
      { round: 2, status: 'approved', reason: 'Analysen är kompletterad', items: 1 },
    ]);
    await handle.terminate('test done');
  });

  it('the owner can withdraw an open gate with a reason, and re-open it', async () => {
    const def = definition('chair');
    const handle = await startAtGate(def);
    expect(
      await rejection(handle.executeUpdate(programmeUpdates.withdrawGate, { args: [{ actorId: owner.id, phaseKey: 'prep', reason: '  ' }] })),
    ).toEqual({ type: REJECTION.invalid, message: 'withdrawing a gate needs a reason', details: [{ field: 'reason', code: 'reason_required' }] });
    await handle.executeUpdate(programmeUpdates.withdrawGate, { args: [{ actorId: owner.id, phaseKey: 'prep', reason: 'Fel underlag bifogat' }] });
    expect(await gateOf(handle)).toMatchObject({ status: 'withdrawn', reason: 'Fel underlag bifogat' });
    expect(await rejection(decide(handle, chair, 'approve'))).toMatchObject({ type: REJECTION.conflict });
    await handle.executeUpdate(programmeUpdates.reopenGate, { args: [{ actorId: owner.id, phaseKey: 'prep', reason: 'Rätt underlag' }] });
    await decide(handle, chair, 'approve');
    expect(await gateOf(handle)).toMatchObject({ status: 'approved', round: 2 });
    await handle.terminate('test done');
  });

  it('waits for weeks: undecided members are reminded, the owner and chair get an escalation, and nothing of the next phase happens', async () => {
    const own = await startTimeSkipping(`gates-wait-${randomUUID()}`);
    try {
      const def = definition('all');
      const handle = await own.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
        taskQueue: own.taskQueue,
        workflowId: workflowIds.programme(def.programmeId),
        args: [{ definition: def }],
      });
      await handle.executeUpdate(programmeUpdates.started);
      await advanceTo(own.env, testDate('02-03'));
      await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: chair.id, phaseKey: 'prep', decision: 'approve' }] });
      await advanceTo(own.env, testDate('03-20')); // six weeks past the gate's deadline

      const { live } = await agreedState(handle, own.dataSource);
      expect(live.status).toBe('awaiting_gate');
      expect(live.phases.map((p) => p.status)).toEqual(['awaiting_gate', 'pending']);
      const events: Array<{ type: string; subjectId: string; data: { recipients?: string[] } }> = await own.dataSource.query(
        `SELECT type, subject_id AS "subjectId", data FROM programme_event WHERE programme_id = $1 ORDER BY seq`,
        [def.programmeId],
      );
      expect(events.filter((e) => e.subjectId === 'work')).toEqual([]); // the next phase never opened
      expect(events.map((e) => e.type).filter((t) => t.startsWith('gate_'))).toEqual(['gate_opened', 'gate_decided', 'gate_reminded', 'gate_reminded', 'gate_escalated']);

      // Mail: each undecided member twice (two working days before, and on the deadline), the chair (who decided) never.
      for (const m of members) {
        const reminders = await mailbox.waitFor((mail) => sentTo(m.email)(mail) && /Påminnelse/.test(mail.subject ?? ''), 2);
        expect(reminders).toHaveLength(2);
        expect(reminders[0].subject).toContain(testDate('02-10'));
      }
      expect(await mailbox.find((mail) => sentTo(chair.email)(mail) && /Påminnelse/.test(mail.subject ?? ''))).toHaveLength(0);
      const escalations = await mailbox.waitFor((mail) => /Försenat grindbeslut/.test(mail.subject ?? '') && (sentTo(owner.email)(mail) || sentTo(chair.email)(mail)), 2);
      expect(escalations.map((mail) => mail.text)).toEqual([expect.stringContaining(members[0].name), expect.stringContaining(members[0].name)]);
      await handle.terminate('test done');
    } finally {
      await own.close();
    }
  });

  it('decisions arriving together close the gate once: one approval event, conditions counted once', async () => {
    const three = [chair, members[0], members[1]];
    const def = definition('majority', { memberIds: three.map((m) => m.id) });
    const handle = await startAtGate(def);
    const condition = (who: { name: string }) => ({ title: `Villkor från ${who.name}`, responsibleId: official.id, dueDate: testDate('03-01') });
    const results = await Promise.allSettled(
      three.map((m) => decide(handle, m, 'approve_with_conditions', { conditions: [condition(m)] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2); // two of three is a majority
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1); // the third found the gate closed
    const { db } = await agreedState(handle, h.dataSource);
    const events: Array<{ type: string }> = await h.dataSource.query(`SELECT type FROM programme_event WHERE programme_id = $1 ORDER BY seq`, [def.programmeId]);
    expect(events.filter((e) => e.type === 'gate_approved')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'phase_closed' || e.type === 'gate_approved').map((e) => e.type)).toEqual(['gate_approved', 'phase_closed']);
    expect(db.assignments.filter((a) => a.title.startsWith('Villkor från'))).toHaveLength(2);
    await handle.terminate('test done');
  });
});
