import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WorkflowHandle } from '@temporalio/client';
import { programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { minutesDueAfterMove, planProgramme, ProgrammeTemplate } from '@fullfolj/domain';
import { loadTemplates } from '@fullfolj/domain/node';
import { TemplateRepository } from '@fullfolj/database';
import { agreedState, startTimeSkipping, testDate, TimeSkippingHarness } from '@fullfolj/testing';
import { toProgrammeDefinition } from '@fullfolj/domain/node';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

// Each shipped template, run from start to end on the time-skipping server (a year passes
// in seconds), with assignments completed, a deadline moved and every gate decided; the read
// model in PostgreSQL and the workflow's live state are compared after every step.
describe('every shipped template runs from start to end', () => {
  let h: TimeSkippingHarness;
  let templates: ProgrammeTemplate[];

  // A server of its own per template: each run moves the server's clock a year ahead.
  beforeEach(async () => {
    h = await startTimeSkipping(`templates-${randomUUID()}`);
    templates = await loadTemplates(path.join(__dirname, '..', '..', 'templates'));
    const repo = new TemplateRepository(h.dataSource);
    for (const t of templates) await repo.insert({ id: t.id, version: t.version, definition: t, source: 'shipped' });
  });
  afterEach(() => h?.close());

  const cases: Array<[string, Record<string, string | string[]>]> = [
    [
      'skr-fullfoljd-utbildning',
      // The Linköping dates: kick-off 27 January, team meetings 5 April and 18 August, closing 23 November.
      { kickoff: testDate('01-27'), teamMeetings: [testDate('04-05'), testDate('08-18')], closingMeeting: testDate('11-23') },
    ],
    ['verksamhetsplan-arscykel', {}],
    ['natverksar', {}],
  ];

  it.each(cases)('%s', async (templateId, dates) => {
    const template = templates.find((t) => t.id === templateId)!;
    expect(template).toBeDefined();
    const owner = randomUUID();
    const chair = randomUUID();
    const members = [randomUUID(), randomUUID()];
    const official = randomUUID();
    const planned = planProgramme(template, { programmeStart: testDate('01-04'), dates });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const programmeId = randomUUID();
    const otherRoles = template.roles.map((r) => r.key).filter((k) => !['steering_group', 'chair', 'secretary'].includes(k));
    const mapped = toProgrammeDefinition(template, planned.plan, {
      programmeId,
      name: template.name.sv,
      people: {
        ownerId: owner,
        chairId: chair,
        memberIds: members,
        referenceGroupIds: [],
        teams: [],
        responsibles: Object.fromEntries(otherRoles.map((k) => [k, official])),
      },
    });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    const def: ProgrammeDefinition = mapped.definition;
    expect(def.phases.length).toBeGreaterThanOrEqual(3);

    const handle: WorkflowHandle<typeof programmeWorkflow> = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);

    const moved = def.assignments[0];
    let movedDeadline = false;
    // A meeting with minutes moves a week later; its minutes' deadline follows.
    const movedMeeting = def.meetings.find((m) => def.assignments.some((a) => a.templateKey === `${m.key}/minutes` && a.id !== moved.id));
    const movedMinutes = movedMeeting ? def.assignments.find((a) => a.templateKey === `${movedMeeting.key}/minutes`)! : undefined;
    let minutesDue: string | null = null;
    const gatesDecided: string[] = [];
    const phasesSeenOpen = new Set<string>();

    for (let step = 0; step < 200; step++) {
      const { live } = await agreedState(handle, h.dataSource);
      if (live.status === 'completed') break;
      const current = live.phases.find((p) => p.status === 'open' || p.status === 'awaiting_gate');
      if (current) phasesSeenOpen.add(current.key);

      if (!movedDeadline && live.assignments.some((a) => a.id === moved.id && !a.completedAt)) {
        const later = addDaysIso(moved.dueDate, 14);
        await handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner, assignmentId: moved.id, dueDate: later, reason: 'Ny tid för nämnden' }] });
        movedDeadline = true;
        continue;
      }
      if (movedMeeting && movedMinutes && minutesDue === null) {
        const to = addDaysIso(movedMeeting.date, 7);
        minutesDue = minutesDueAfterMove({ meetingFrom: movedMeeting.date, meetingTo: to, minutesDue: movedMinutes.dueDate });
        await handle.executeUpdate(programmeUpdates.moveMeeting, {
          args: [{ actorId: owner, meetingKey: movedMeeting.key, date: to, reason: 'Krock med nämnden', minutesDueDate: minutesDue }],
        });
        continue;
      }
      const todo = live.assignments.filter((a) => a.phaseKey === current?.key && !a.completedAt);
      if (todo.length > 0) {
        const [first, ...rest] = todo;
        await handle.executeUpdate(programmeUpdates.recordStatus, { args: [{ actorId: first.responsibleId!, assignmentId: first.id, status: 'in_progress', comment: 'Påbörjad' }] });
        await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: first.responsibleId!, assignmentId: first.id }] });
        for (const a of rest) await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: a.responsibleId!, assignmentId: a.id }] });
        continue;
      }
      if (current?.status === 'awaiting_gate') {
        // Before the decision nothing of the next phase has opened.
        const next = live.phases[live.phases.indexOf(current) + 1];
        if (next) expect(next.status).toBe('pending');
        for (const voter of [chair, ...members]) {
          const state = (await agreedState(handle, h.dataSource)).live.phases.find((p) => p.key === current.key)!;
          if (state.gate!.status !== 'open') break;
          await handle.executeUpdate(programmeUpdates.decideGate, { args: [{ actorId: voter, phaseKey: current.key, decision: 'approve' }] });
        }
        gatesDecided.push(current.key);
        continue;
      }
      await h.env.sleep('7 days');
    }

    const final = await handle.result();
    expect(final.status).toBe('completed');
    if (process.env.RECORD_HISTORIES) {
      // `RECORD_HISTORIES=<label> npm run histories:record`: the replay test keeps later code compatible with these runs.
      const file = path.join(__dirname, 'histories', `programme-${templateId}-v${template.version}.${process.env.RECORD_HISTORIES}.json`);
      writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    }
    const { db } = await agreedState(handle, h.dataSource);
    expect(db.programme.status).toBe('completed');
    expect(phasesSeenOpen).toEqual(new Set(def.phases.map((p) => p.key)));
    expect(gatesDecided).toEqual(def.phases.filter((p) => p.gate).map((p) => p.key));
    expect(db.phases.every((p) => p.status === 'closed')).toBe(true);
    const movedRow = db.assignments.find((a) => a.id === moved.id)!;
    expect(movedRow.originalDueDate).toBe(moved.dueDate);
    expect(movedRow.dueDate).toBe(addDaysIso(moved.dueDate, 14));
    expect(db.assignments.every((a) => a.status === 'done' && a.completedAt)).toBe(true);
    if (movedMinutes) expect(db.assignments.find((a) => a.id === movedMinutes.id)).toMatchObject({ dueDate: minutesDue, originalDueDate: movedMinutes.dueDate });
  });
});

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
