import { randomUUID } from 'node:crypto';
import { ApiStack, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';
import { FIXTURE_AS_OF, FIXTURE_PLAN } from './fixtures/follow-up-table.fixture';

const CSV = ['Perspektiv;Nämndmål;Aktivitet;Nämnd;Slutfört;Status', 'Medborgare;Fler elever ska fullfölja;Kartlägga frånvaro;BiN;December*;Pågår'].join('\n');

// Issue 15, findings 4 and 15: a person with no role in a programme created a plan linked to it
// (which then showed in its reports), imported rows into someone else's plan, and the plan list
// showed every plan's programme id to anyone signed in.
describe('follow-up plan owners and editors over HTTP', () => {
  let stack: ApiStack;
  let programmeId: string;
  let annasPlan: string;

  const importInto = (key: string, planId: string) =>
    stack.agents[key].post(`/follow-up/plans/${planId}/imports`).field('asOf', FIXTURE_AS_OF).attach('file', Buffer.from(CSV), 'plan.csv');
  const plan = (key: string, extra: Record<string, unknown> = {}) =>
    stack.agents[key].post('/follow-up/plans').send({ ...FIXTURE_PLAN, name: `Plan ${key} ${stack.run}`, ...extra });
  const linkedPlans = async () =>
    ((await stack.agents.owner.get(`/programmes/${programmeId}/reports/status`).expect(200)).body.followUp as Array<{ plan: { id: string } }>).map((f) => f.plan.id);

  const start = (id: string) => ({
    id,
    templateId: 'skr-fullfoljd-utbildning',
    name: `Fullföljd utbildning ${TEST_YEAR}`,
    programmeStart: testDate('01-04'),
    dates: {
      kickoff: testDate('01-27'),
      teamMeetings: [testDate('04-05'), testDate('08-18')],
      closingMeeting: testDate('11-23'),
      statusReportDue: testDate('06-10'),
      finalReportDue: testDate('02-15', 1),
    },
    steeringGroup: { chairId: stack.people.chair.id, memberIds: [] },
    referenceGroupIds: [stack.people.politician.id],
    secretaryId: stack.people.chair.id,
    responsibles: { officials: stack.people.chair.id, head_teachers: stack.people.chair.id },
  });

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('politician', 'Karin Holm');
    await stack.addPerson('bo', 'Bo Utan Roll', { canOwnProgrammes: true });
    await stack.addPerson('cilla', 'Cilla Läsare');
    programmeId = randomUUID();
    await stack.agents.owner.post('/programmes').send(start(programmeId)).expect(201);
    annasPlan = (await plan('owner', { programmeId }).expect(201)).body.id;
  });
  afterAll(() => stack?.close());

  it("refuses a plan linked to a programme one does not own, the same whether or not it exists", async () => {
    const foreign = await plan('bo', { programmeId }).expect(403);
    expect(foreign.body).toMatchObject({ statusCode: 403, code: 'programme_owner_required' });
    const missing = await plan('bo', { programmeId: randomUUID() }).expect(403);
    expect(missing.body).toEqual(foreign.body);
    expect(await linkedPlans()).toEqual([annasPlan]);
  });

  it("refuses imports and changes to someone else's plan", async () => {
    const refused = await importInto('bo', annasPlan).expect(403);
    expect(refused.body).toMatchObject({ code: 'plan_editor_required' });
    await importInto('cilla', annasPlan).expect(403);
    await importInto('owner', annasPlan).expect(200);
    const counts = await stack.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM follow_up_import WHERE plan_id = $1`, [annasPlan]);
    expect(counts[0].n).toBe(1);
    const [activity] = await stack.db.query<Array<{ id: string }>>(`SELECT id FROM follow_up_activity WHERE plan_id = $1`, [annasPlan]);
    await stack.agents.bo.post(`/follow-up/plans/${annasPlan}/activities/${activity.id}/status`).send({ status: 'done' }).expect(403);
    await stack.agents.bo.post(`/follow-up/plans/${annasPlan}/activities/${activity.id}/comment`).send({ comment: 'Kapad' }).expect(403);
    await stack.agents.bo.put(`/follow-up/plans/${annasPlan}/programme`).send({ programmeId: null }).expect(403);
    expect(await linkedPlans()).toEqual([annasPlan]);
  });

  it('lists only my plans and those of my programmes, without foreign programme ids', async () => {
    const bosPlan = (await plan('bo').expect(201)).body.id;
    const ids = async (key: string) => ((await stack.agents[key].get('/follow-up/plans').expect(200)).body as Array<{ id: string; programmeId: string | null; myRole: string | null }>);
    expect((await ids('bo')).map((p) => p.id)).toEqual([bosPlan]);
    expect((await ids('cilla')).map((p) => p.id)).toEqual([]);
    // The reference group reads the programme's plan through its role.
    expect((await ids('politician')).find((p) => p.id === annasPlan)).toMatchObject({ programmeId, myRole: null });
    expect((await ids('owner')).find((p) => p.id === annasPlan)).toMatchObject({ programmeId, myRole: 'owner' });
    expect((await ids('owner')).map((p) => p.id)).not.toContain(bosPlan);

    // An editor of the plan with no role in its programme sees the plan but not the programme.
    await stack.agents.owner.post(`/follow-up/plans/${annasPlan}/editors`).send({ personId: stack.people.bo.id }).expect(201);
    const asEditor = (await ids('bo')).find((p) => p.id === annasPlan);
    expect(asEditor).toMatchObject({ programmeId: null, myRole: 'editor' });
    expect(JSON.stringify(await ids('bo'))).not.toContain(programmeId);
    expect((await stack.agents.cilla.get(`/follow-up/plans/${annasPlan}`).expect(200)).body.programmeId).toBeNull();
    expect((await stack.agents.politician.get(`/follow-up/plans/${annasPlan}`).expect(200)).body.programmeId).toBe(programmeId);
    await stack.agents.owner.delete(`/follow-up/plans/${annasPlan}/editors/${stack.people.bo.id}`).expect(204);
  });

  it('lets an owner name an editor, who may then import, and audits it; only owners pick editors', async () => {
    await stack.agents.bo.post(`/follow-up/plans/${annasPlan}/editors`).send({ personId: stack.people.bo.id }).expect(403);
    const added = await stack.agents.owner.post(`/follow-up/plans/${annasPlan}/editors`).send({ personId: stack.people.cilla.id }).expect(201);
    expect(added.body).toMatchObject({
      canEdit: true,
      canManage: true,
      members: [
        expect.objectContaining({ personId: stack.people.owner.id, role: 'owner' }),
        expect.objectContaining({ personId: stack.people.cilla.id, name: 'Cilla Läsare', role: 'editor' }),
      ],
    });
    await stack.agents.owner.post(`/follow-up/plans/${annasPlan}/editors`).send({ personId: stack.people.cilla.id }).expect(409);
    expect((await stack.agents.cilla.get(`/follow-up/plans/${annasPlan}/members`).expect(200)).body).toMatchObject({ canEdit: true, canManage: false });
    // An editor need not have the right to own programmes.
    await importInto('cilla', annasPlan).expect(200);
    await stack.agents.cilla.post(`/follow-up/plans/${annasPlan}/editors`).send({ personId: stack.people.bo.id }).expect(403);
    await stack.agents.cilla.delete(`/follow-up/plans/${annasPlan}/editors/${stack.people.owner.id}`).expect(403);
    await stack.agents.owner.delete(`/follow-up/plans/${annasPlan}/editors/${stack.people.owner.id}`).expect(404);
    await stack.agents.owner.delete(`/follow-up/plans/${annasPlan}/editors/${stack.people.cilla.id}`).expect(204);
    await importInto('cilla', annasPlan).expect(403);

    const audit = await stack.db.query<Array<{ action: string; subject: string }>>(
      `SELECT action, subject_person_id AS subject FROM security_audit WHERE detail->>'planId' = $1 ORDER BY id`,
      [annasPlan],
    );
    expect(audit.map((a) => [a.action, a.subject])).toEqual([
      ['plan_editor_added', stack.people.bo.id],
      ['plan_editor_removed', stack.people.bo.id],
      ['plan_editor_added', stack.people.cilla.id],
      ['plan_editor_removed', stack.people.cilla.id],
    ]);
  });

  // Finding 15: "already used by another programme" confirmed that a foreign id was a programme.
  it('answers a taken id the same way for a programme and a plan, naming nothing about what holds it', async () => {
    const programme = await stack.agents.bo.post('/programmes').send(start(programmeId)).expect(409);
    const planBody = await plan('bo', { id: annasPlan }).expect(409);
    expect(programme.body).toEqual(planBody.body);
    expect(planBody.body.errors).toEqual([{ field: 'id', code: 'id_unavailable', message: 'cannot be used; leave it out and a new id is chosen' }]);
    expect(JSON.stringify(planBody.body)).not.toMatch(/programme|plan|Anna/i);
  });

  it("links a plan later only for an owner of the programme, and reports include only plans its owner linked", async () => {
    const bosPlan = (await plan('bo', { name: `Bos andra plan ${stack.run}` }).expect(201)).body.id;
    const refused = await stack.agents.bo.put(`/follow-up/plans/${bosPlan}/programme`).send({ programmeId }).expect(403);
    expect(refused.body.code).toBe('programme_owner_required');
    // The programme's owner links it once the plan's owner has made them an editor.
    await stack.agents.owner.put(`/follow-up/plans/${bosPlan}/programme`).send({ programmeId }).expect(403);
    await stack.agents.bo.post(`/follow-up/plans/${bosPlan}/editors`).send({ personId: stack.people.owner.id }).expect(201);
    const linked = await stack.agents.owner.put(`/follow-up/plans/${bosPlan}/programme`).send({ programmeId }).expect(200);
    expect(linked.body).toMatchObject({ programmeId, linkedBy: stack.people.owner.id });
    expect((await linkedPlans()).sort()).toEqual([annasPlan, bosPlan].sort());
    const bad = await stack.agents.owner.put(`/follow-up/plans/${bosPlan}/programme`).send({ programmeId: 'P' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'programmeId', message: 'must be a programme id (UUID) or null' }]);
    await stack.agents.bo.put(`/follow-up/plans/${bosPlan}/programme`).send({ programmeId: null }).expect(200);
    expect(await linkedPlans()).toEqual([annasPlan]);

    // A link made before owners existed, by someone who does not own the programme, stays out of its reports.
    await stack.db.query(`UPDATE follow_up_plan SET programme_id = $1, linked_by = $2 WHERE id = $3`, [programmeId, stack.people.bo.id, bosPlan]);
    expect(await linkedPlans()).toEqual([annasPlan]);
  });
});
