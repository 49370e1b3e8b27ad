import { randomUUID } from 'node:crypto';
import { ApiStack, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';

// Roles no longer pile up (issue 15, finding 9): being responsible for an item gives read access
// only while the item is theirs, and the owner revokes roles. Over HTTP, on real Temporal,
// worker and PostgreSQL.
describe('programme roles over HTTP: responsible follows assignments, owners revoke', () => {
  let stack: ApiStack;
  let people: ApiStack['people'];
  let agents: ApiStack['agents'];
  let programmeId: string;
  let base: string;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ people, agents } = stack);
    for (const [key, name] of [
      ['chair', 'Erik Johansson'],
      ['member', 'Fatima Hassan'],
      ['official', 'Maria Tjänsteperson'],
      ['headTeacher', 'Lars Berg'],
      ['secretary', 'Sara Ek'],
      ['politician', 'Karin Holm'],
      ['first', 'Rut Ansvarig'],
      ['second', 'Sven Efterträdare'],
      ['outsider', 'Nils Utomstående'],
    ]) {
      await stack.addPerson(key, name);
    }
    programmeId = randomUUID();
    base = `/programmes/${programmeId}`;
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
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
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        referenceGroupIds: [people.politician.id],
        teams: [{ name: 'Utvecklingsteam Gymnasiet', memberIds: [people.headTeacher.id] }],
        secretaryId: people.secretary.id,
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
  });

  afterAll(() => stack?.close());

  const readable = [
    (id: string) => `/programmes/${id}`,
    (id: string) => `/programmes/${id}/history`,
    (id: string) => `/programmes/${id}/gates/forberedelse`,
    (id: string) => `/programmes/${id}/reports/status?format=csv`,
  ];

  async function expectReads(who: string, status: number) {
    for (const path of readable) {
      const res = await agents[who].get(path(programmeId));
      expect({ path: path(programmeId), status: res.status }).toEqual({ path: path(programmeId), status });
    }
  }

  it('a reassigned responsible loses read access to the programme, its history and its reports; their past acts stay', async () => {
    const created = await agents.owner
      .post(`${base}/assignments`)
      .send({ phaseKey: 'genomforande', title: 'Kartlägg frånvaron', dueDate: testDate('05-01'), responsibleId: people.first.id })
      .expect(201);
    const itemId: string = created.body.id;
    await expectReads('first', 200);
    // The responsible acts on their item while it is theirs.
    await agents.first.post(`${base}/assignments/${itemId}/status`).send({ status: 'in_progress', comment: 'Påbörjad' }).expect(200);

    await agents.owner.post(`${base}/assignments/${itemId}/responsible`).send({ responsibleId: people.second.id }).expect(200);

    await expectReads('first', 403);
    await agents.first.post(`${base}/assignments/${itemId}/status`).send({ status: 'done' }).expect(403);
    const mine = await agents.first.get('/programmes').expect(200);
    expect(mine.body.map((p: { id: string }) => p.id)).not.toContain(programmeId);
    await expectReads('second', 200);

    const view = await agents.owner.get(base).expect(200);
    expect(view.body.roles).not.toContainEqual(expect.objectContaining({ personId: people.first.id }));
    expect(view.body.live.roles).not.toContainEqual(expect.objectContaining({ personId: people.first.id }));
    expect(view.body.roles).toContainEqual({ personId: people.second.id, role: 'responsible', team: null });

    const audit = await agents.owner.get(`${base}/audit`).expect(200);
    const acts = audit.body.map((r: { type: string; actorId: string | null; data: Record<string, unknown> }) => ({ type: r.type, actorId: r.actorId, data: r.data }));
    expect(acts).toContainEqual({ type: 'status_recorded', actorId: people.first.id, data: { assignmentId: itemId, from: 'remaining', to: 'in_progress', comment: 'Påbörjad' } });
    expect(acts).toContainEqual({
      type: 'role_revoked',
      actorId: people.owner.id,
      data: { grant: { personId: people.first.id, role: 'responsible', team: null }, reason: 'no_current_assignment' },
    });
  });

  it('the owner revokes a reference-group role: that person gets 403, and the audit trail says who did it', async () => {
    await expectReads('politician', 200);
    const res = await agents.owner.delete(`${base}/roles/${people.politician.id}/reference`).expect(200);
    expect(res.body).not.toContainEqual(expect.objectContaining({ personId: people.politician.id }));
    await expectReads('politician', 403);

    const audit = await agents.owner.get(`${base}/audit?format=json`).expect(200);
    const revoked = audit.body.filter((r: { type: string }) => r.type === 'role_revoked');
    expect(revoked).toContainEqual(
      expect.objectContaining({
        actorId: people.owner.id,
        actorName: 'Anna Lindqvist',
        subjectId: people.politician.id,
        data: { grant: { personId: people.politician.id, role: 'reference', team: null }, reason: 'revoked' },
      }),
    );
    // And they can be given a role again.
    await agents.owner.post(`${base}/roles`).send({ personId: people.politician.id, role: 'reference' }).expect(200);
    await expectReads('politician', 200);
  });

  it('refuses non-owners (403), unknown ids (404), a role not held (404), a bad role (400), the last owner and a responsible with items (409)', async () => {
    const target = `${base}/roles/${people.secretary.id}/secretary`;
    const chair = await agents.chair.delete(target).expect(403);
    expect(chair.body.message).toMatch(/programme owner/);
    await agents.outsider.delete(target).expect(403);
    await agents.secretary.delete(target).expect(403);
    await agents.first.delete(target).expect(403);
    await agents.secretary.get(base).expect(200);

    await agents.owner.delete(`/programmes/${randomUUID()}/roles/${people.secretary.id}/secretary`).expect(404);
    const notHeld = await agents.owner.delete(`${base}/roles/${randomUUID()}/secretary`).expect(404);
    expect(notHeld.body.code).toBe('role_not_held');
    const bad = await agents.owner.delete(`${base}/roles/${people.secretary.id}/kung`).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'role', message: expect.stringMatching(/^must be one of owner, /) }]);
    const badId = await agents.owner.delete(`${base}/roles/123/secretary`).expect(400);
    expect(badId.body.errors).toEqual([{ field: 'personId', message: 'must be a UUID' }]);

    const last = await agents.owner.delete(`${base}/roles/${people.owner.id}/owner`).expect(409);
    expect(last.body).toMatchObject({ statusCode: 409, code: 'last_owner' });
    const stillResponsible = await agents.owner.delete(`${base}/roles/${people.second.id}/responsible`).expect(409);
    expect(stillResponsible.body.code).toBe('still_responsible');

    // With a second owner, the first may step down, and is then refused like anyone else.
    await agents.owner.post(`${base}/roles`).send({ personId: people.official.id, role: 'owner' }).expect(200);
    await agents.owner.delete(`${base}/roles/${people.owner.id}/owner`).expect(200);
    await agents.owner.delete(target).expect(403);
    const lastAgain = await agents.official.delete(`${base}/roles/${people.official.id}/owner`).expect(409);
    expect(lastAgain.body.code).toBe('last_owner');
  });
});
