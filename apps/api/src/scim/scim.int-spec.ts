import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiStack, countAssignments, countRows, eventually, Mailbox, sentTo, startApiStack, TEST_YEAR, testDate, testServices } from '@fullfolj/testing';

const SCIM = 'application/scim+json';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PASSWORD = 'ett-bra-lösenord'; // what startApiStack gives everyone it adds

// Entra ID's provisioning service, replayed request by request against the real API, worker,
// PostgreSQL and SMTP sink: create, look up by userName, PATCH replace, PATCH active "False".
// Then the deactivated person is locked out everywhere and the owner is told once.
describe('SCIM provisioning as Entra ID sends it', () => {
  let stack: ApiStack;
  let scimToken: string;
  let programmeId: string;
  let orphanId: string;
  let keptId: string;
  let apiToken: string;
  const mailbox = new Mailbox(testServices().mailDir);
  const http = () => request(stack.app.getHttpServer());
  const scim = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown) => {
    const req = http()[method](`/scim/v2${path}`).set('Authorization', `Bearer ${scimToken}`).set('Accept', SCIM);
    return body === undefined ? req : req.set('Content-Type', SCIM).send(JSON.stringify(body));
  };
  const orphanedMailsTo = (address: string) => (mail: Parameters<ReturnType<typeof sentTo>>[0]) =>
    sentTo(address)(mail) && mail.subject?.startsWith('Ny ansvarig behövs: Maria Tjänsteperson') === true;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    const { agents, people } = stack;
    programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${TEST_YEAR}`,
        programmeStart: testDate('01-04'),
        steeringGroup: { chairId: people.headTeacher.id, memberIds: [] },
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
    const create = (title: string, responsibleId: string) =>
      agents.owner.post(`/programmes/${programmeId}/assignments`).send({ phaseKey: 'forberedelse', title, responsibleId, dueDate: testDate('02-10') }).expect(201);
    orphanId = (await create('Kartlägg frånvaro per skolenhet', people.official.id)).body.id;
    keptId = (await create('Sammanställ elevenkäten', people.headTeacher.id)).body.id;
    await eventually(async () => expect(await countAssignments(stack.db, [orphanId, keptId])).toBe(2));
    apiToken = (await agents.official.post('/auth/tokens').send({ name: 'Export' }).expect(201)).body.token;
    scimToken = (await agents.owner.post('/admin/scim-tokens').send({ name: 'Entra ID' }).expect(201)).body.token;
  });
  afterAll(() => stack?.close());

  it('answers only a live SCIM token, with SCIM error bodies', async () => {
    const missing = await http().get('/scim/v2/Users').expect(401);
    expect(missing.headers['content-type']).toContain(SCIM);
    expect(missing.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: expect.any(String) });
    // A person's session or API token is not a SCIM token.
    await stack.agents.owner.get('/scim/v2/Users').expect(401);
    await http().get('/scim/v2/Users').set('Authorization', `Bearer ${apiToken}`).expect(401);

    const config = await scim('get', '/ServiceProviderConfig').expect(200);
    expect(config.headers['content-type']).toContain(SCIM);
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    expect((await scim('get', '/ResourceTypes').expect(200)).body.Resources).toEqual([expect.objectContaining({ id: 'User', endpoint: '/Users' })]);
    expect((await scim('get', '/Schemas').expect(200)).body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, ENTERPRISE]);
  });

  it('creates a user, refuses the same userName again, and finds it by userName and externalId', async () => {
    const externalId = randomUUID();
    const userName = `Karin.Ek.${stack.run}@Kommun.example`;
    const created = await scim('post', '/Users', {
      schemas: [USER, ENTERPRISE],
      externalId,
      userName,
      active: true,
      displayName: 'Karin Ek',
      emails: [{ primary: true, type: 'work', value: userName }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Karin Ek', familyName: 'Ek', givenName: 'Karin' },
      roles: [],
      [ENTERPRISE]: { department: 'Björkskolan' },
    }).expect(201);
    expect(created.headers['content-type']).toContain(SCIM);
    expect(created.body).toMatchObject({ id: expect.any(String), externalId, userName: userName.toLowerCase(), displayName: 'Karin Ek', active: true, [ENTERPRISE]: { department: 'Björkskolan' } });
    expect(await countRows(stack.db, 'security_audit', { action: 'person_created', subject_person_id: created.body.id })).toBe(1);

    const again = await scim('post', '/Users', { schemas: [USER], userName: userName.toUpperCase(), active: true }).expect(409);
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    const byName = await scim('get', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`).expect(200);
    expect(byName.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1 });
    expect(byName.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const byExternal = await scim('get', `/Users?filter=${encodeURIComponent(`externalId eq "${externalId}"`)}`).expect(200);
    expect(byExternal.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const none = await scim('get', `/Users?filter=${encodeURIComponent('userName eq "nobody@kommun.example"')}&startIndex=1&count=10`).expect(200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    expect((await scim('get', '/Users?filter=name%20co%20%22x%22').expect(400)).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    await scim('get', '/Users/not-a-uuid').expect(404);
    expect((await scim('patch', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'perhaps' }] }).expect(400)).body).toMatchObject({
      scimType: 'invalidValue',
    });
  });

  it('deactivates on PATCH active "False": sign-in, session and token refused; the owner sees and hears of the orphaned item once', async () => {
    const { people, agents } = stack;
    // Entra matches the existing person by userName, then links and updates them.
    const found = await scim('get', `/Users?filter=${encodeURIComponent(`userName eq "${people.official.email.toUpperCase()}"`)}`).expect(200);
    expect(found.body.Resources).toEqual([expect.objectContaining({ id: people.official.id, active: true })]);
    const externalId = randomUUID();
    const replaced = await scim('patch', `/Users/${people.official.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Add', path: 'externalId', value: externalId },
        { op: 'Replace', path: 'name.givenName', value: 'Maria' },
        { op: 'Replace', path: 'name.familyName', value: 'Tjänsteperson' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: people.official.email },
        { op: 'Replace', path: 'displayName', value: 'Maria Tjänsteperson' },
      ],
    }).expect(200);
    expect(replaced.body).toMatchObject({ id: people.official.id, externalId, displayName: 'Maria Tjänsteperson', name: { givenName: 'Maria', familyName: 'Tjänsteperson' }, active: true });
    await agents.official.get('/auth/me').expect(200);

    const deactivated = await scim('patch', `/Users/${people.official.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }).expect(200);
    expect(deactivated.body).toMatchObject({ id: people.official.id, active: false });

    await http().post('/auth/login').send({ email: people.official.email, password: PASSWORD }).expect(401);
    await agents.official.get('/auth/me').expect(401);
    await http().get('/auth/me').set('Authorization', `Bearer ${apiToken}`).expect(401);
    expect(await countRows(stack.db, 'auth_session', { person_id: people.official.id })).toBe(0);
    expect(await countRows(stack.db, 'security_audit', { action: 'person_deactivated', subject_person_id: people.official.id })).toBe(1);

    const view = (await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body as { assignments: Array<{ id: string; needsNewResponsible: boolean }> };
    expect(view.assignments.find((a) => a.id === orphanId)?.needsNewResponsible).toBe(true);
    expect(view.assignments.find((a) => a.id === keptId)?.needsNewResponsible).toBe(false);

    const [mail] = await mailbox.waitFor(orphanedMailsTo(people.owner.email));
    expect(mail.text).toContain('Kartlägg frånvaro per skolenhet');
    expect(mail.text).not.toContain('Sammanställ elevenkäten');
    expect(mail.text).toContain(`${stack.config.api.baseUrl}/#/programmes/${programmeId}`);

    // Entra repeats itself (the same PATCH, then a DELETE): nothing new happens, nothing is mailed twice.
    await scim('patch', `/Users/${people.official.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }).expect(200);
    await scim('delete', `/Users/${people.official.id}`).expect(204);
    expect(await countRows(stack.db, 'security_audit', { action: 'person_deactivated', subject_person_id: people.official.id })).toBe(1);
    // DELETE keeps the person (their items and the history name them), inactive.
    expect((await scim('get', `/Users/${people.official.id}`).expect(200)).body.active).toBe(false);

    // Reactivated: a fresh sign-in works, the old session and token stay dead.
    await scim('patch', `/Users/${people.official.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] }).expect(200);
    await agents.official.get('/auth/me').expect(401);
    await http().get('/auth/me').set('Authorization', `Bearer ${apiToken}`).expect(401);
    await http().post('/auth/login').send({ email: people.official.email, password: PASSWORD }).expect(200);
    const reopened = (await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body as { assignments: Array<{ id: string; needsNewResponsible: boolean }> };
    expect(reopened.assignments.find((a) => a.id === orphanId)?.needsNewResponsible).toBe(false);

    // A later deactivation is a new event and mails again: two in all, the repeats above added none.
    await agents.owner.post(`/admin/people/${people.official.id}/deactivate`).expect(200);
    await mailbox.waitFor(orphanedMailsTo(people.owner.email), 2);
    expect(await mailbox.find(orphanedMailsTo(people.owner.email))).toHaveLength(2);
  });

  it('lets administrators list and revoke SCIM tokens; a revoked token is refused', async () => {
    const { agents } = stack;
    const second = (await agents.owner.post('/admin/scim-tokens').send({ name: 'Rotation' }).expect(201)).body as { id: string; token: string };
    await http().get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${second.token}`).expect(200);
    const listed = (await agents.owner.get('/admin/scim-tokens').expect(200)).body as Array<{ id: string; token?: string; lastUsedAt: string | null; revokedAt: string | null }>;
    expect(listed.find((t) => t.id === second.id)).toMatchObject({ lastUsedAt: expect.any(String), revokedAt: null });
    expect(listed.every((t) => t.token === undefined)).toBe(true);
    await agents.owner.delete(`/admin/scim-tokens/${second.id}`).expect(204);
    await http().get('/scim/v2/Users').set('Authorization', `Bearer ${second.token}`).expect(401);
    await agents.headTeacher.post('/admin/scim-tokens').send({ name: 'Mine' }).expect(403);
    expect(await countRows(stack.db, 'security_audit', { action: 'scim_token_revoked' })).toBeGreaterThan(0);
  });

  it('refuses an administrator deactivating themselves, an unknown id, and a caller who is not an administrator', async () => {
    const { agents, people } = stack;
    expect((await agents.owner.post(`/admin/people/${people.owner.id}/deactivate`).expect(409)).body).toMatchObject({ code: 'cannot_deactivate_self' });
    await agents.owner.post(`/admin/people/${randomUUID()}/deactivate`).expect(404);
    await agents.headTeacher.post(`/admin/people/${people.official.id}/reactivate`).expect(403);
  });
});
