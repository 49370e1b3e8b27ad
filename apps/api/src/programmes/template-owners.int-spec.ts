import { ApiStack, startApiStack } from '@fullfolj/testing';

// Issue 15, finding 3: anyone who may own programmes could publish a new version of someone
// else's template (which new programmes then pick), or version 1000000 to lock the id for good.
describe('template owners over HTTP', () => {
  let stack: ApiStack;
  let v1: Record<string, unknown>;
  let id: string;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('anna', 'Anna Mallägare', { canOwnProgrammes: true });
    await stack.addPerson('bo', 'Bo Programägare', { canOwnProgrammes: true });
    await stack.addPerson('cilla', 'Cilla Läsare');
    const shipped = (await stack.agents.anna.get('/templates/skr-fullfoljd-utbildning').expect(200)).body.definition;
    id = `annas-mall-${stack.run}`;
    v1 = { ...shipped, id, version: 1, name: { sv: 'Annas mall', en: "Anna's template" } };
    await stack.agents.anna.post('/templates').send(v1).expect(201);
  });
  afterAll(() => stack?.close());

  const latest = async () => (await stack.agents.cilla.get(`/templates/${id}`).expect(200)).body.version as number;

  it("refuses another programme owner a new version of someone else's template", async () => {
    const res = await stack.agents.bo.post('/templates').send({ ...v1, version: 2, name: { sv: 'Kapad', en: 'Hijacked' } }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'template_not_owner' });
    const huge = await stack.agents.bo.post('/templates').send({ ...v1, version: 1_000_000 }).expect(403);
    expect(huge.body.code).toBe('template_not_owner');
    expect(await latest()).toBe(1);
  });

  it('takes only the latest version + 1, naming the number expected', async () => {
    const locked = await stack.agents.anna.post('/templates').send({ ...v1, version: 1_000_000 }).expect(409);
    expect(locked.body.errors).toEqual([{ field: 'version', code: 'version_not_next', message: expect.stringContaining('must be 2') }]);
    const fresh = `ny-mall-${stack.run}`;
    const first = await stack.agents.bo.post('/templates').send({ ...v1, id: fresh, version: 1_000_000 }).expect(409);
    expect(first.body.errors).toEqual([{ field: 'version', code: 'version_not_next', message: expect.stringContaining('must be 1') }]);
    await stack.agents.bo.get(`/templates/${fresh}`).expect(404);
    expect(await latest()).toBe(1);
  });

  it('reserves the ids of the shipped templates, for everyone', async () => {
    const shipped = (await stack.agents.owner.get('/templates/natverksar').expect(200)).body as { version: number; definition: Record<string, unknown> };
    for (const key of ['bo', 'owner']) {
      const res = await stack.agents[key].post('/templates').send({ ...shipped.definition, version: shipped.version + 1 }).expect(409);
      expect(res.body.errors).toEqual([{ field: 'id', code: 'template_id_reserved', message: expect.stringContaining('natverksar') }]);
    }
    expect((await stack.agents.owner.get('/templates/natverksar').expect(200)).body.version).toBe(shipped.version);
    const owners = (await stack.agents.owner.get('/templates/natverksar/owners').expect(200)).body;
    expect(owners).toMatchObject({ reserved: true, owners: [], canPublish: false, canManage: false });
    await stack.agents.owner.post('/templates/natverksar/co-owners').send({ personId: stack.people.bo.id }).expect(409);
  });

  it('lets the owner name a co-owner, who may then publish the next version, and audits it', async () => {
    await stack.agents.bo.post(`/templates/${id}/co-owners`).send({ personId: stack.people.bo.id }).expect(403);
    expect((await stack.agents.bo.get(`/templates/${id}/owners`).expect(200)).body).toMatchObject({ canPublish: false, canManage: false });

    const added = await stack.agents.anna.post(`/templates/${id}/co-owners`).send({ personId: stack.people.bo.id }).expect(201);
    expect(added.body.owners).toEqual([
      expect.objectContaining({ personId: stack.people.anna.id, name: 'Anna Mallägare', role: 'owner' }),
      expect.objectContaining({ personId: stack.people.bo.id, name: 'Bo Programägare', role: 'co_owner' }),
    ]);
    await stack.agents.anna.post(`/templates/${id}/co-owners`).send({ personId: stack.people.bo.id }).expect(409);
    const bad = await stack.agents.anna.post(`/templates/${id}/co-owners`).send({ personId: 'bo' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'personId', message: 'must be a person id (UUID)' }]);

    expect((await stack.agents.bo.get(`/templates/${id}/owners`).expect(200)).body).toMatchObject({ canPublish: true, canManage: false });
    await stack.agents.bo.post('/templates').send({ ...v1, version: 2 }).expect(201);
    expect(await latest()).toBe(2);
    // A co-owner does not pick the co-owners, and the owner stays.
    await stack.agents.bo.delete(`/templates/${id}/co-owners/${stack.people.anna.id}`).expect(403);
    await stack.agents.anna.delete(`/templates/${id}/co-owners/${stack.people.anna.id}`).expect(404);

    await stack.agents.anna.delete(`/templates/${id}/co-owners/${stack.people.bo.id}`).expect(204);
    await stack.agents.bo.post('/templates').send({ ...v1, version: 3 }).expect(403);

    const audit = await stack.db.query<Array<{ action: string; actor: string; subject: string }>>(
      `SELECT action, actor_person_id AS actor, subject_person_id AS subject FROM security_audit WHERE detail->>'templateId' = $1 ORDER BY id`,
      [id],
    );
    expect(audit).toEqual([
      { action: 'template_co_owner_added', actor: stack.people.anna.id, subject: stack.people.bo.id },
      { action: 'template_co_owner_removed', actor: stack.people.anna.id, subject: stack.people.bo.id },
    ]);
  });
});
