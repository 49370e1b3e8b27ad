import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@fullfolj/config';
import type { Person } from '@fullfolj/database';
import { createScratchDatabase, OpenDatabase, openDatabase, sameOriginAgent, ScratchDatabase, testConfig, testServices } from '@fullfolj/testing';
import { LocalLoginService } from '../auth/local-login.service';
import { createApiApp } from '../bootstrap';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo-people';
import { DemoPeopleSeeder } from './demo-people.seeder';
import { PeopleService } from './people.service';

describe('people', () => {
  const run = randomUUID().slice(0, 8);
  const email = (who: string) => `${who}.${run}@test.example`;
  const password = 'rätt-lösenord-123';
  let app: INestApplication;
  let owner: Person;
  let member: Person;

  const http = () => request(app.getHttpServer());
  async function signIn(who: Person) {
    const agent = sameOriginAgent(app);
    await agent.post('/auth/login').send({ email: who.email, password }).expect(200);
    return agent;
  }

  beforeAll(async () => {
    app = await createApiApp(testConfig({ DATA_DIR: path.join(testServices().scratchDir, `people-${run}`) }));
    await app.init();
    const people = app.get(PeopleService);
    owner = await people.create({ name: 'Anna Ägare', email: email('owner'), canOwnProgrammes: true, password });
    member = await people.create({ name: 'Lars Ledamot', email: email('member'), organisationUnit: 'Björkskolan', password });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /people/:id shows a person to themself; 404 when unknown or sharing no programme (people-privacy.int-spec.ts); 400 naming id when not a UUID', async () => {
    const agent = await signIn(owner);
    const res = await agent.get(`/people/${owner.id}`).expect(200);
    expect(res.body).toEqual({
      id: owner.id,
      name: 'Anna Ägare',
      email: owner.email,
      organisationUnit: null,
      language: 'sv',
      canOwnProgrammes: true,
      isAdmin: false,
      active: true,
      deactivatedAt: null,
      reminderDigest: false,
      createdAt: owner.createdAt.toISOString(),
    });
    await agent.get(`/people/${randomUUID()}`).expect(404);
    await agent.get(`/people/${member.id}`).expect(404);
    const bad = await agent.get('/people/123').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('GET /people lists everyone for a programme owner (others by name only), and is 403 for others', async () => {
    const list = await (await signIn(owner)).get('/people').expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([owner.id, member.id]));
    expect(list.body.find((p: { id: string }) => p.id === member.id)).toEqual({ id: member.id, name: 'Lars Ledamot', active: true });
    await (await signIn(member)).get('/people').expect(403);
  });

  it('PATCH /people/me changes only what was sent, and the principal follows at once', async () => {
    const agent = await signIn(member);
    const res = await agent.patch('/people/me').send({ language: 'en', organisationUnit: '  ' }).expect(200);
    expect(res.body).toMatchObject({ name: 'Lars Ledamot', language: 'en', organisationUnit: null, email: member.email });
    const me = await agent.get('/auth/me').expect(200);
    expect(me.body.language).toBe('en');
    const renamed = await agent.patch('/people/me').send({ name: ' Lars Berg ' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Lars Berg', language: 'en' });
    const digest = await agent.patch('/people/me').send({ reminderDigest: true }).expect(200);
    expect(digest.body).toMatchObject({ name: 'Lars Berg', reminderDigest: true });
    const bad = await agent.patch('/people/me').send({ reminderDigest: 'ja' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'reminderDigest', message: 'must be a boolean value' }]);
    // null is a wrong value, not "unchanged" (found by the fault suite's bad-input scenario: it was a 500).
    const nulled = await agent.patch('/people/me').send({ reminderDigest: null }).expect(400);
    expect(nulled.body.errors).toEqual([{ field: 'reminderDigest', message: 'must not be null' }]);
  });

  it('PATCH /people/me rejects bad values and fields one may not change, naming them, and writes nothing', async () => {
    const agent = await signIn(owner);
    const res = await agent.patch('/people/me').send({ name: null, language: 'fi', email: 'ny@kommun.se', canOwnProgrammes: false }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must not be null' },
        { field: 'language', message: 'must be sv or en' },
        { field: 'email', message: 'is not an accepted field' },
        { field: 'canOwnProgrammes', message: 'is not an accepted field' },
      ]),
    );
    const me = await agent.get('/auth/me').expect(200);
    expect(me.body).toMatchObject({ name: 'Anna Ägare', email: owner.email, canOwnProgrammes: true });
  });

  it('POST /people takes an e-mail with surrounding spaces as the bare address', async () => {
    const res = await (await signIn(owner)).post('/people').send({ name: 'Sara Ek', email: `  ${email('sara')} ` }).expect(201);
    expect(res.body.email).toBe(email('sara'));
    await http().post('/auth/login').send({ email: email('sara'), password }).expect(401); // no password given
  });
});

describe('demo people', () => {
  let scratch: ScratchDatabase;
  let db: OpenDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(`fullfolj_demo_${Date.now()}`);
    db = await openDatabase(scratch.url);
  });

  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('are never added in test or production', async () => {
    for (const env of ['test', 'production']) {
      const config = loadConfig({ NODE_ENV: env, SESSION_SECRET: 's'.repeat(32), LINK_SIGNING_SECRET: 'l'.repeat(32), TEMPORAL_PAYLOAD_KEYS: `k1:${'A'.repeat(43)}=` });
      await new DemoPeopleSeeder(db.peopleRepository(), config).onApplicationBootstrap();
      expect(await new DemoPeopleSeeder(db.peopleRepository(), config).seedIfEmpty()).toBe(0);
    }
    expect(await db.countPeople()).toBe(0);
  });

  it('are added once in development, to an empty table, also when two API processes start together', async () => {
    const seeder = () => new DemoPeopleSeeder(db.peopleRepository(), loadConfig({ NODE_ENV: 'development' }));
    const added = await Promise.all([seeder().seedIfEmpty(), seeder().seedIfEmpty()]);
    expect(added.sort()).toEqual([0, DEMO_PEOPLE.length]);
    expect(await seeder().seedIfEmpty()).toBe(0);

    const people = await db.allPeople();
    expect(people.map((p) => p.email).sort()).toEqual(DEMO_PEOPLE.map((p) => p.email).sort());
    expect(people.filter((p) => p.canOwnProgrammes).map((p) => p.name)).toEqual(['Anna Lindqvist']);
  });

  it('sign in with the documented demo password', async () => {
    const login = new LocalLoginService(db.peopleRepository());
    await login.onModuleInit();
    for (const demo of DEMO_PEOPLE) {
      expect((await login.verify(demo.email, DEMO_PASSWORD))?.name).toBe(demo.name);
    }
    expect(await login.verify(DEMO_PEOPLE[0].email, 'fel-lösenord')).toBeNull();
  });
});
