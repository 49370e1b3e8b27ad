import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WorkflowHandle } from '@temporalio/client';
import { programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { planProgramme, ProgrammeTemplate } from '@fullfolj/domain';
import { loadTemplates, toProgrammeDefinition } from '@fullfolj/domain/node';
import { TemplateRepository } from '@fullfolj/database';
import { agreedState, startTimeSkipping, testDate, TimeSkippingHarness } from '@fullfolj/testing';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

// The responsible role follows current assignments: whoever loses their last item loses the
// role, in the workflow's live state and in the read model alike.
describe('roles follow assignments in the programme workflow', () => {
  let h: TimeSkippingHarness;
  let template: ProgrammeTemplate;

  beforeAll(async () => {
    h = await startTimeSkipping(`roles-${randomUUID()}`);
    template = (await loadTemplates(path.join(__dirname, '..', '..', 'templates'))).find((t) => t.id === 'natverksar')!;
    await new TemplateRepository(h.dataSource).insert({ id: template.id, version: template.version, definition: template, source: 'shipped' });
  });
  afterAll(() => h?.close());

  async function startProgramme(owner: string): Promise<{ handle: WorkflowHandle<typeof programmeWorkflow>; def: ProgrammeDefinition }> {
    const planned = planProgramme(template, { programmeStart: testDate('01-04'), dates: {} });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const official = randomUUID();
    const otherRoles = template.roles.map((r) => r.key).filter((k) => !['steering_group', 'chair', 'secretary'].includes(k));
    const mapped = toProgrammeDefinition(template, planned.plan, {
      programmeId: randomUUID(),
      name: template.name.sv,
      people: {
        ownerId: owner,
        chairId: randomUUID(),
        memberIds: [randomUUID()],
        referenceGroupIds: [],
        teams: [],
        responsibles: Object.fromEntries(otherRoles.map((k) => [k, official])),
      },
    });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    const def = mapped.definition;
    const handle = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(def.programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);
    return { handle, def };
  }

  const rejection = async (p: Promise<unknown>) => {
    const error = await p.then(
      () => null,
      (e: unknown) => e as { cause?: { type?: string; details?: Array<{ code?: string }> } },
    );
    return { type: error?.cause?.type, code: error?.cause?.details?.[0]?.code };
  };

  it('reassigning the last item of a person takes their responsible role away, recorded as an event; the owner revokes other roles', async () => {
    const owner = randomUUID();
    const first = randomUUID();
    const second = randomUUID();
    const reader = randomUUID();
    const { handle, def } = await startProgramme(owner);
    const phaseKey = def.phases[0].key;
    const items = [randomUUID(), randomUUID()];
    for (const id of items) {
      await handle.executeUpdate(programmeUpdates.createAssignment, {
        args: [{ actorId: owner, id, phaseKey, title: 'Kartlägg frånvaron', dueDate: testDate('03-01'), responsibleId: first }],
      });
    }
    const responsible = (personId: string) => ({ personId, role: 'responsible', team: null });
    expect((await agreedState(handle, h.dataSource)).live.roles).toContainEqual(responsible(first));

    // One item of two goes elsewhere: still responsible for the other.
    await handle.executeUpdate(programmeUpdates.reassign, { args: [{ actorId: owner, assignmentId: items[0], responsibleId: second }] });
    let { live, db } = await agreedState(handle, h.dataSource);
    expect(live.roles).toEqual(expect.arrayContaining([responsible(first), responsible(second)]));
    // The owner cannot take it while the items are theirs.
    expect(await rejection(handle.executeUpdate(programmeUpdates.revokeRole, { args: [{ actorId: owner, personId: first, role: 'responsible' }] }))).toEqual({
      type: 'Conflict',
      code: 'still_responsible',
    });

    // The last one goes: the role goes with it, in the live state and the read model alike.
    await handle.executeUpdate(programmeUpdates.reassign, { args: [{ actorId: owner, assignmentId: items[1], responsibleId: second }] });
    ({ live, db } = await agreedState(handle, h.dataSource));
    expect(live.roles).not.toContainEqual(responsible(first));
    expect(db.roles).not.toContainEqual(responsible(first));
    expect(live.roles).toContainEqual(responsible(second));

    // The owner revokes a role; a non-owner cannot; the last owner stays.
    await handle.executeUpdate(programmeUpdates.grantRole, { args: [{ actorId: owner, personId: reader, role: 'reference', team: null }] });
    expect(await rejection(handle.executeUpdate(programmeUpdates.revokeRole, { args: [{ actorId: second, personId: reader, role: 'reference' }] }))).toEqual({
      type: 'Forbidden',
      code: 'requires_owner',
    });
    await handle.executeUpdate(programmeUpdates.revokeRole, { args: [{ actorId: owner, personId: reader, role: 'reference' }] });
    expect(await rejection(handle.executeUpdate(programmeUpdates.revokeRole, { args: [{ actorId: owner, personId: reader, role: 'reference' }] }))).toEqual({
      type: 'NotFound',
      code: 'role_not_held',
    });
    expect(await rejection(handle.executeUpdate(programmeUpdates.revokeRole, { args: [{ actorId: owner, personId: owner, role: 'owner' }] }))).toEqual({
      type: 'Conflict',
      code: 'last_owner',
    });
    ({ live, db } = await agreedState(handle, h.dataSource));
    expect(db.roles.filter((r) => r.personId === reader)).toEqual([]);
    expect(live.roles.filter((r) => r.role === 'owner')).toEqual([{ personId: owner, role: 'owner', team: null }]);

    // Both revocations are in the history, with who did it and why; the past acts stay.
    const events = await h.dataSource.query<Array<{ type: string; actor_id: string; subject_id: string; data: unknown }>>(
      `SELECT type, actor_id, subject_id, data FROM programme_event WHERE programme_id = $1 AND type IN ('role_revoked', 'assignment_reassigned') ORDER BY seq`,
      [def.programmeId],
    );
    expect(events).toEqual([
      { type: 'assignment_reassigned', actor_id: owner, subject_id: items[0], data: { assignmentId: items[0], from: first, to: second } },
      { type: 'assignment_reassigned', actor_id: owner, subject_id: items[1], data: { assignmentId: items[1], from: first, to: second } },
      { type: 'role_revoked', actor_id: owner, subject_id: first, data: { grant: responsible(first), reason: 'no_current_assignment' } },
      { type: 'role_revoked', actor_id: owner, subject_id: reader, data: { grant: { personId: reader, role: 'reference', team: null }, reason: 'revoked' } },
    ]);

    if (process.env.RECORD_HISTORIES) {
      // A running programme with reassignments and revocations, replayed by replay.int-spec.ts against later code.
      // (programme-reassign.before-role-revocation.json was recorded by the code before revocations existed.)
      writeFileSync(path.join(__dirname, 'histories', `programme-reassign.${process.env.RECORD_HISTORIES}.json`), historyToJSON(await handle.fetchHistory()));
    }
  });
});
