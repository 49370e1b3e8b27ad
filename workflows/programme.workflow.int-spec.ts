import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { advanceTo, agreedState, eventually, startTimeSkipping, testDate, TimeSkippingHarness } from '@fullfolj/testing';
import type { programmeWorkflow } from './programme.workflow';

// Mechanics of the programme workflow on the time-skipping server, with activities writing
// to the real test PostgreSQL. Template-driven end-to-end runs are in programme-templates.int-spec.ts.
describe('programmeWorkflow mechanics', () => {
  let h: TimeSkippingHarness;
  const owner = randomUUID();
  const chair = randomUUID();
  const member = randomUUID();
  const official = randomUUID();
  const other = randomUUID();

  beforeAll(async () => {
    h = await startTimeSkipping(`programme-${randomUUID()}`);
    await h.dataSource.query(
      `INSERT INTO programme_template (id, version, definition, source) VALUES ('mechanics', 1, '{}', 'custom') ON CONFLICT DO NOTHING`,
    );
  });
  afterAll(() => h?.close());

  function definition(programmeId: string): ProgrammeDefinition {
    return {
      programmeId,
      name: 'Testprogram',
      template: { id: 'mechanics', version: 1 },
      ownerId: owner,
      phases: [
        { key: 'prep', name: { sv: 'Förberedelse', en: 'Preparation' }, startDate: testDate('01-04'), endDate: testDate('01-31'), gate: { name: { sv: 'Start', en: 'Start' }, rule: 'majority', dueDate: testDate('02-10') } },
        { key: 'work', name: { sv: 'Genomförande', en: 'Work' }, startDate: testDate('02-01'), endDate: testDate('03-31'), gate: null },
      ],
      meetings: [{ key: 'kickoff', phaseKey: 'work', kind: 'kickoff', name: { sv: 'Uppstart', en: 'Kick-off' }, date: testDate('02-03'), participants: ['owner'] }],
      assignments: [
        { id: randomUUID(), phaseKey: 'prep', kind: 'assignment', templateKey: 'analysis', title: 'Nulägesanalys', responsibleId: official, dueDate: testDate('01-20') },
        { id: randomUUID(), phaseKey: 'work', kind: 'report', templateKey: 'report', title: 'Lägesrapport', responsibleId: official, dueDate: testDate('03-15') },
      ],
      roles: [
        { personId: owner, role: 'owner' },
        { personId: chair, role: 'steering_chair' },
        { personId: member, role: 'steering_member' },
        { personId: official, role: 'responsible' },
      ],
    };
  }

  it('runs phases on their dates, takes acts as updates, waits at the gate, and the read model agrees throughout', async () => {
    const programmeId = randomUUID();
    const def = definition(programmeId);
    const handle = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);
    let { live, db } = await agreedState(handle, h.dataSource);
    expect(live.phases.map((p) => p.status)).toEqual(['pending', 'pending']);
    expect(db.meetings.map((m) => m.key)).toEqual(['kickoff']);

    await advanceTo(h.env, testDate('01-10')); // preparation is open
    ({ live } = await agreedState(handle, h.dataSource));
    expect(live.currentPhaseKey).toBe('prep');

    const [analysis, report] = def.assignments;
    await handle.executeUpdate(programmeUpdates.recordStatus, { args: [{ actorId: official, assignmentId: analysis!.id, status: 'in_progress', comment: 'Enkät skickad' }] });
    await handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner, assignmentId: analysis!.id, dueDate: testDate('01-29'), reason: 'Sportlov' }] });
    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official, assignmentId: analysis!.id }] });
    await handle.executeUpdate(programmeUpdates.reassign, { args: [{ actorId: owner, assignmentId: report!.id, responsibleId: other }] });

    ({ live, db } = await agreedState(handle, h.dataSource));
    const analysisRow = db.assignments.find((a) => a.id === analysis!.id)!;
    expect(analysisRow).toMatchObject({ status: 'done', dueDate: testDate('01-29'), originalDueDate: testDate('01-20'), comment: 'Enkät skickad' });
    expect(db.roles).toContainEqual({ personId: other, role: 'responsible', team: null });

    // Invalid acts are rejected before they enter history, and change nothing.
    const seq = live.eventSeq;
    await expect(
      handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner, assignmentId: report!.id, dueDate: testDate('04-01'), reason: ' ' }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: owner, assignmentId: analysis!.id }] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    expect((await agreedState(handle, h.dataSource)).live.eventSeq).toBe(seq);

    // The gate waits for weeks; nothing of the next phase opens meanwhile.
    await advanceTo(h.env, testDate('02-09')); // preparation has ended; its gate is open
    ({ live } = await agreedState(handle, h.dataSource));
    expect(live.status).toBe('awaiting_gate');
    expect(live.phases.map((p) => p.status)).toEqual(['awaiting_gate', 'pending']);

    await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: chair, phaseKey: 'prep', decision: 'approve' }] });
    ({ live } = await agreedState(handle, h.dataSource));
    expect(live.phases[0]!.gate!.status).toBe('open'); // 1 of 2 is not a majority
    await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: member, phaseKey: 'prep', decision: 'approve' }] });
    // The approval lets the main loop go on: it closes the phase and opens the next (its date has passed).
    await eventually(async () => {
      ({ live } = await agreedState(handle, h.dataSource));
      expect(live.phases.map((p) => p.status)).toEqual(['closed', 'open']);
    });

    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: other, assignmentId: report!.id, comment: 'Inlämnad' }] });
    const final = await handle.result();
    expect(final.status).toBe('completed');
    ({ live, db } = await agreedState(handle, h.dataSource));
    expect(db.programme.status).toBe('completed');

    const events = await h.dataSource.query(`SELECT type FROM programme_event WHERE programme_id = $1 ORDER BY seq`, [programmeId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'programme_started',
      'phase_opened',
      'status_recorded',
      'deadline_moved',
      'assignment_completed',
      'assignment_reassigned',
      'role_granted',
      'gate_opened',
      'gate_reminded', // two working days before the gate's deadline, to the members who had not decided
      'gate_decided',
      'gate_decided',
      'gate_approved',
      'phase_closed',
      'phase_opened',
      'assignment_completed',
      'phase_closed',
      'programme_completed',
    ]);
  });

  it('a repeated start with the same programme id finds the same workflow', async () => {
    const programmeId = randomUUID();
    const options = {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [{ definition: definition(programmeId) }] as Parameters<typeof programmeWorkflow>,
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
    };
    const first = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, options);
    const second = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, options);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.executeUpdate(programmeUpdates.started);
    const rows = await h.dataSource.query(`SELECT count(*)::int AS n FROM programme WHERE id = $1`, [programmeId]);
    expect(rows[0].n).toBe(1);
    await first.terminate('test done');
  });

  it('continues from carried-over state, as after continue-as-new, with the read model still in step', async () => {
    // A server of its own, so its clock starts today whatever the other tests did.
    const own = await startTimeSkipping(`programme-${randomUUID()}`);
    try {
      const programmeId = randomUUID();
      const def = definition(programmeId);
      def.phases[0]!.gate = null;
      const workflowId = workflowIds.programme(programmeId);
      const first = await own.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
        taskQueue: own.taskQueue,
        workflowId,
        args: [{ definition: def }],
      });
      await first.executeUpdate(programmeUpdates.started);
      await advanceTo(own.env, testDate('02-15')); // preparation closed, work open
      const { live: before } = await agreedState(first, own.dataSource);
      expect(before.phases.map((p) => p.status)).toEqual(['closed', 'open']);

      // A new run of the same workflow id takes over with the state the old run carried.
      await first.terminate('replaced by a continued run');
      const second = await own.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
        taskQueue: own.taskQueue,
        workflowId,
        args: [{ definition: def, resume: { state: before, phaseIndex: 1 } }],
      });
      const state = await second.executeUpdate(programmeUpdates.started);
      expect(state.eventSeq).toBe(before.eventSeq);
      const [, report] = def.assignments;
      await second.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official, assignmentId: report!.id }] });
      const final = await second.result();
      expect(final.status).toBe('completed');
      const { db } = await agreedState(second, own.dataSource);
      expect(db.programme.status).toBe('completed');
      const seqs = (await own.dataSource.query(`SELECT seq FROM programme_event WHERE programme_id = $1 ORDER BY seq`, [programmeId])).map((r: { seq: number }) => r.seq);
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    } finally {
      await own.close();
    }
  });
});
