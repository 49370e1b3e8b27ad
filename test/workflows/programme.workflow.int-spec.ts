import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ProgrammeReadRepository } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { freePort, startTemporalDevServer } from '@fullfolj/runtime';
import { advanceTo, agreedState, eventually, expectAgreement, startTestWorker, startTimeSkipping, testConfig, testDataConverter, testDate, TimeSkippingHarness, insertTestTemplate } from '@fullfolj/testing';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

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
    await insertTestTemplate(h.dataSource, 'mechanics');
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
    await handle.executeUpdate(programmeUpdates.recordStatus, { args: [{ actorId: official, assignmentId: analysis.id, status: 'in_progress', comment: 'Enkät skickad' }] });
    await handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner, assignmentId: analysis.id, dueDate: testDate('01-29'), reason: 'Sportlov' }] });
    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official, assignmentId: analysis.id }] });
    await handle.executeUpdate(programmeUpdates.reassign, { args: [{ actorId: owner, assignmentId: report.id, responsibleId: other }] });

    ({ live, db } = await agreedState(handle, h.dataSource));
    const analysisRow = db.assignments.find((a) => a.id === analysis.id)!;
    expect(analysisRow).toMatchObject({ status: 'done', dueDate: testDate('01-29'), originalDueDate: testDate('01-20'), comment: 'Enkät skickad' });
    expect(db.roles).toContainEqual({ personId: other, role: 'responsible', team: null });

    // Invalid acts are rejected before they enter history, and change nothing.
    const seq = live.eventSeq;
    await expect(
      handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner, assignmentId: report.id, dueDate: testDate('04-01'), reason: ' ' }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: owner, assignmentId: analysis.id }] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    // The workflow checks the actor against its live state too (the API checks the read model).
    await expect(handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: official, assignmentId: report.id, dueDate: testDate('04-01'), reason: 'Vill ha mer tid' }] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/programme owner or steering group/), details: [{ field: null, code: 'requires_planner' }] },
    });
    await expect(handle.executeUpdate(programmeUpdates.recordStatus, { args: [{ actorId: official, assignmentId: report.id, status: 'paused' }] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/responsible for this assignment/) },
    });
    expect((await agreedState(handle, h.dataSource)).live.eventSeq).toBe(seq);

    // The gate waits for weeks; nothing of the next phase opens meanwhile.
    await advanceTo(h.env, testDate('02-09')); // preparation has ended; its gate is open
    ({ live } = await agreedState(handle, h.dataSource));
    expect(live.status).toBe('awaiting_gate');
    expect(live.phases.map((p) => p.status)).toEqual(['awaiting_gate', 'pending']);

    await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: chair, phaseKey: 'prep', decision: 'approve' }] });
    ({ live } = await agreedState(handle, h.dataSource));
    expect(live.phases[0].gate!.status).toBe('open'); // 1 of 2 is not a majority
    await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: member, phaseKey: 'prep', decision: 'approve' }] });
    // The approval lets the main loop go on: it closes the phase and opens the next (its date has passed).
    await eventually(async () => {
      ({ live } = await agreedState(handle, h.dataSource));
      expect(live.phases.map((p) => p.status)).toEqual(['closed', 'open']);
    });

    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: other, assignmentId: report.id, comment: 'Inlämnad' }] });
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
      'meeting_invited', // the kick-off's invitation goes out when its phase opens
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

  it('continues as new when Temporal suggests it, carrying its state, with the read model in step', async () => {
    // A dev server of its own that suggests continue-as-new after 40 history events, and a
    // programme dated in the past, so its phases open and close at once on real time.
    const temporal = await startTemporalDevServer({ port: await freePort(), dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } });
    const config = testConfig({ TEMPORAL_ADDRESS: temporal.address });
    const worker = await startTestWorker(config);
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const client = new Client({ connection, dataConverter: testDataConverter(config) });
      const programmeId = randomUUID();
      const past = (days: number) => addDays(new Date().toISOString().slice(0, 10), days);
      const def: ProgrammeDefinition = {
        ...definition(programmeId),
        phases: ['a', 'b', 'c', 'd'].map((key, i) => ({ key, name: { sv: key, en: key }, startDate: past(-100 + i * 20), endDate: past(-81 + i * 20), gate: null })),
        meetings: [],
        assignments: ['a', 'b', 'c', 'd'].flatMap((phaseKey, i) => [
          { id: randomUUID(), phaseKey, kind: 'assignment' as const, title: `Uppdrag ${phaseKey}1`, responsibleId: official, dueDate: past(-85 + i * 20) },
          { id: randomUUID(), phaseKey, kind: 'assignment' as const, title: `Uppdrag ${phaseKey}2`, responsibleId: official, dueDate: past(-84 + i * 20) },
        ]),
      };
      const handle = await client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
        taskQueue: config.temporal.taskQueue,
        workflowId: workflowIds.programme(programmeId),
        args: [{ definition: def }],
      });
      const final = await handle.result();
      expect(final.status).toBe('completed');
      expect(final.remindedItems).toHaveLength(def.assignments.length);

      // It did continue as new: more than one run under the programme's workflow id.
      const runs = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowIds.programme(programmeId)}'` })) runs.push(wf.runId);
      expect(runs.length).toBeGreaterThan(1);

      const seqs = (await worker.app.get(DataSource).query(`SELECT seq FROM programme_event WHERE programme_id = $1 ORDER BY seq`, [programmeId])).map(
        (r: { seq: number }) => r.seq,
      );
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
      expect(seqs.at(-1)).toBe(final.eventSeq);
      const db = await new ProgrammeReadRepository(worker.app.get(DataSource)).find(programmeId);
      expectAgreement(final, db!);
    } finally {
      await connection.close();
      await worker.stop();
      await temporal.stop();
    }
  });
});
