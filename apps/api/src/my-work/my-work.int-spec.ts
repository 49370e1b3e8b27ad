import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDays } from '@fullfolj/domain';
import { ApiStack, eventually, openAssignmentIds, startApiStack } from '@fullfolj/testing';

interface Item {
  kind: string;
  programmeId: string;
  programmeName: string;
  id: string;
  title: string;
  dueDate: string;
  overdue: boolean;
  status: string;
}

// "My work" over HTTP against the real stack: each person sees their own open assignments and
// the gates waiting for their decision, nearest first, and items leave the list when done.
describe('my work over HTTP', () => {
  let stack: ApiStack;
  const programmeId = randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  const mine = async (key: string, query = ''): Promise<Item[]> => (await stack.agents[key].get(`/my-work${query}`).expect(200)).body.items;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('member', 'Fatima Hassan');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('outsider', 'Olle Utanför');
    const { agents, people } = stack;
    // Dated in the past: the template's items are overdue and the first gate opens at once.
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: 'Fullföljd utbildning (mitt arbete)',
        programmeStart: addDays(today, -200),
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { officials: people.official.id, head_teachers: people.official.id },
      })
      .expect(201);
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ phaseKey: 'genomforande', title: 'Följ upp närvaron', responsibleId: people.official.id, dueDate: addDays(today, 400) })
      .expect(201);
  });
  afterAll(() => stack?.close());

  it("lists the person's open items nearest first, and nobody else's", async () => {
    const items = await eventually(async () => {
      const found = await mine('official');
      expect(found.map((i) => i.title)).toContain('Följ upp närvaron');
      return found;
    });
    const expected = await openAssignmentIds(stack.db, programmeId, stack.people.official.id);
    expect(items.map((i) => i.id).sort()).toEqual([...expected].sort());
    expect(items.length).toBeGreaterThan(2);
    expect(items.map((i) => i.dueDate)).toEqual([...items.map((i) => i.dueDate)].sort());
    for (const item of items) {
      expect(item).toMatchObject({ programmeId, programmeName: 'Fullföljd utbildning (mitt arbete)', overdue: item.dueDate < today });
      expect(['assignment', 'report', 'minutes']).toContain(item.kind);
    }
    expect(items[0].overdue).toBe(true);
    expect(items.at(-1)).toMatchObject({ title: 'Följ upp närvaron', overdue: false, status: 'remaining' });

    expect(await mine('outsider')).toEqual([]);
    expect(await mine('official', '?limit=1')).toEqual([items[0]]);
  });

  it('shows a gate to each member until they have decided, in their language', async () => {
    const { agents } = stack;
    await agents.member.patch('/people/me').send({ language: 'en' }).expect(200);
    const gate = (key: string) => mine(key).then((items) => items.find((i) => i.kind === 'gate'));
    const forChair = await eventually(async () => {
      const found = await gate('chair');
      expect(found).toBeDefined();
      return found!;
    });
    const phases = (await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.phases as Array<{ key: string; name: { sv: string; en: string } }>;
    const preparation = phases.find((p) => p.key === 'forberedelse')!;
    expect(forChair).toMatchObject({ kind: 'gate', id: 'forberedelse', programmeId, title: preparation.name.sv, status: 'open' });
    expect(await gate('member')).toMatchObject({ id: 'forberedelse', title: preparation.name.en });
    expect(await gate('official')).toBeUndefined();

    await agents.chair.post(`/programmes/${programmeId}/gates/forberedelse/decisions`).send({ decision: 'approve' }).expect(200);
    await eventually(async () => expect(await gate('chair')).toBeUndefined());
  });

  it('drops an item once it is done', async () => {
    const { agents } = stack;
    const [first] = await mine('official');
    await agents.official.post(`/programmes/${programmeId}/assignments/${first.id}/complete`).send({ comment: 'Klart' }).expect(200);
    await eventually(async () => expect((await mine('official')).map((i) => i.id)).not.toContain(first.id));
  });

  it('refuses a bad limit by name, and callers who are not signed in', async () => {
    const bad = await stack.agents.official.get('/my-work?limit=0').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'limit', message: 'must be between 1 and 500' }]);
    await stack.agents.official.get('/my-work?limit=abc').expect(400);
    await request(stack.app.getHttpServer()).get('/my-work').expect(401);
  });

  it('leaves out the items of a programme that has completed, though they were never marked done', async () => {
    const { agents, people } = stack;
    const done = randomUUID();
    const base = `/programmes/${done}`;
    await agents.owner
      .post('/programmes')
      .send({
        id: done,
        templateId: 'skr-fullfoljd-utbildning',
        name: 'Fullföljd utbildning (avslutat)',
        programmeStart: addDays(today, -450), // every phase lies in the past: only the gates hold it
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
      })
      .expect(201);
    await agents.owner.post(`${base}/assignments`).send({ phaseKey: 'genomforande', title: 'Aldrig avbockad', responsibleId: people.official.id, dueDate: addDays(today, 30) }).expect(201);
    await eventually(async () => expect((await mine('official')).map((i) => i.title)).toContain('Aldrig avbockad'));
    for (const phase of ['forberedelse', 'avslutning']) {
      await eventually(async () => expect((await mine('chair')).some((i) => i.kind === 'gate' && i.programmeId === done && i.id === phase)).toBe(true));
      await agents.member.post(`${base}/gates/${phase}/decisions`).send({ decision: 'approve' }).expect(200);
      await agents.chair.post(`${base}/gates/${phase}/decisions`).send({ decision: 'approve' }).expect(200);
    }
    await eventually(async () => expect((await agents.owner.get(base).expect(200)).body.programme.status).toBe('completed'));
    const items = await mine('official');
    expect(items.filter((i) => i.programmeId === done)).toEqual([]);
    // The other programme's items are still there.
    expect(items.some((i) => i.programmeId === programmeId)).toBe(true);
  });
});
