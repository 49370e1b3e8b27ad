import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { linkSigningSecret } from '@fullfolj/config';
import { issueItemLink, itemLinkUrl, signItemLink } from '@fullfolj/mail';
import { ApiStack, countAssignments, eventually, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';

// Signed links from reminder e-mail, through the real API and a real worker: opened and used
// without signing in, acting as the person the link was made for, and nothing more.
describe('signed item links over HTTP', () => {
  let stack: ApiStack;
  let secret: string;
  let programmeId: string;
  let itemId: string;
  let otherItemId: string;
  const anonymous = () => request(stack.app.getHttpServer());
  const link = (item: string, person: string, options: { now?: Date; ttlDays?: number } = {}) => issueItemLink({ itemId: item, personId: person, ...options }, secret).token;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    // The worker (which signs) and the API (which verifies) share the key; in tests it is kept in DATA_DIR.
    secret = linkSigningSecret(stack.config);

    const { agents, people } = stack;
    programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${TEST_YEAR}`,
        programmeStart: testDate('01-04'),
        steeringGroup: { chairId: people.chair.id, memberIds: [] },
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
    const create = (title: string) =>
      agents.owner
        .post(`/programmes/${programmeId}/assignments`)
        .send({ phaseKey: 'forberedelse', title, description: 'Underlag till styrgruppen', responsibleId: people.official.id, dueDate: testDate('02-10') })
        .expect(201);
    itemId = (await create('Kartlägg frånvaro per skolenhet')).body.id;
    otherItemId = (await create('Sammanställ elevenkäten')).body.id;
    await eventually(async () => {
      expect(await countAssignments(stack.db, [itemId, otherItemId])).toBe(2);
    });
  });
  afterAll(() => stack?.close());

  it('opens the item without signing in and marks it done as the responsible person', async () => {
    const { people, agents } = stack;
    const token = link(itemId, people.official.id);
    expect(itemLinkUrl(stack.config.api.baseUrl, token)).toBe(`${stack.config.api.baseUrl}/l/${token}`);

    // The address in the e-mail leads to the web app's route for the link.
    const redirect = await anonymous().get(`/l/${token}`).expect(302);
    expect(redirect.headers.location).toBe(`/#/links/${token}`);

    const opened = await anonymous().get(`/links/${token}`).expect(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(opened.body).toMatchObject({
      itemId,
      title: 'Kartlägg frånvaro per skolenhet',
      description: 'Underlag till styrgruppen',
      programme: { id: programmeId, name: `Fullföljd utbildning ${TEST_YEAR}` },
      dueDate: testDate('02-10'),
      status: 'remaining',
      comment: null,
      done: false,
      responsible: { id: people.official.id, name: 'Maria Tjänsteperson' },
    });

    const done = await anonymous().post(`/links/${token}/complete`).send({ comment: 'Klart, se bilagan' }).expect(200);
    expect(done.body).toMatchObject({ itemId, status: 'done', done: true, comment: 'Klart, se bilagan' });

    // The programme's read model and history have it done, by that person.
    await eventually(async () => {
      const view = (await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body;
      expect(view.assignments.find((a: { id: string }) => a.id === itemId)).toMatchObject({ status: 'done', comment: 'Klart, se bilagan', completedAt: expect.any(String) });
    });
    const history = (await agents.owner.get(`/programmes/${programmeId}/history`).expect(200)).body as Array<{ type: string; subjectId: string; actorId: string }>;
    expect(history.filter((e) => e.type === 'assignment_completed' && e.subjectId === itemId)).toEqual([
      expect.objectContaining({ actorId: people.official.id }),
    ]);
    expect((await anonymous().get(`/links/${token}`).expect(200)).body).toMatchObject({ status: 'done', done: true });

    // Done is done: a second use is a conflict, as through the programme API.
    await anonymous().post(`/links/${token}/complete`).send({}).expect(409);
  });

  it('answers 410 for an expired link, 404 for a tampered or foreign one, 400 for something that is not a link', async () => {
    const person = stack.people.official.id;
    const expired = link(otherItemId, person, { now: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) });
    const gone = await anonymous().get(`/links/${expired}`).expect(410);
    expect(gone.body.message).toMatch(/expired/);
    await anonymous().post(`/links/${expired}/complete`).send({}).expect(410);

    const good = link(otherItemId, person);
    const [payload, signature] = good.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[40] = bytes[40] ^ 0xff; // a later expiry
    const tampered = `${bytes.toString('base64url')}.${signature}`;
    const notFound = await anonymous().get(`/links/${tampered}`).expect(404);
    expect(notFound.body.message).toBe('no such link');
    await anonymous().post(`/links/${tampered}/complete`).send({}).expect(404);
    const foreign = signItemLink({ itemId: otherItemId, personId: person, expiresAt: new Date(Date.now() + 86_400_000) }, 'a-different-secret-of-32-characters-or-more');
    expect((await anonymous().get(`/links/${foreign}`).expect(404)).body.message).toBe('no such link');
    // Signed, but for an item that does not exist.
    expect((await anonymous().get(`/links/${link(randomUUID(), person)}`).expect(404)).body.message).toBe('no such link');

    const malformed = await anonymous().get('/links/not-a-token').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'token', message: 'is not a link from Fullfölj' }]);
    await anonymous().post('/links/not-a-token/complete').send({}).expect(400);
    const badBody = await anonymous().post(`/links/${good}/complete`).send({ comment: 7 }).expect(400);
    expect(badBody.body.errors[0].field).toBe('comment');

    // Nothing of that touched the item.
    expect((await anonymous().get(`/links/${good}`).expect(200)).body).toMatchObject({ status: 'remaining', done: false });
  });

  it('grants only the item of the person it was made for: 403 after reassignment or for someone else', async () => {
    const { people, agents } = stack;
    const officialsLink = link(otherItemId, people.official.id);
    const headTeachersLink = link(otherItemId, people.headTeacher.id);
    await anonymous().get(`/links/${headTeachersLink}`).expect(403);
    await anonymous().post(`/links/${headTeachersLink}/complete`).send({}).expect(403);

    await agents.owner.post(`/programmes/${programmeId}/assignments/${otherItemId}/responsible`).send({ responsibleId: people.headTeacher.id }).expect(200);
    await eventually(async () => {
      const res = await anonymous().get(`/links/${officialsLink}`);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/someone else is responsible/);
    });
    await anonymous().post(`/links/${officialsLink}/complete`).send({}).expect(403);

    // The new responsible's link works, and the old one still cannot complete it.
    const opened = await anonymous().get(`/links/${headTeachersLink}`).expect(200);
    expect(opened.body).toMatchObject({ responsible: { id: people.headTeacher.id, name: 'Lars Berg' }, done: false });
    const view = (await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body;
    expect(view.assignments.find((a: { id: string }) => a.id === otherItemId)).toMatchObject({ status: 'remaining', completedAt: null });
  });
});
