import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ServiceConfig } from '@fullfolj/config';
import type { Person } from '@fullfolj/database';
import { apiTokenRows, countRows, personNamesByEmail, sameOriginAgent, storedSessionHashes, testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';
import { PeopleService } from '../people/people.service';
import { SESSION_COOKIE } from './session-cookie';

// Against the real PostgreSQL of the int tier. The database is shared by the whole run,
// so every person here has an e-mail of this run's own.
describe('authentication', () => {
  const run = randomUUID().slice(0, 8);
  const email = (who: string) => `${who}.${run}@test.example`;
  const password = 'rätt-lösenord-123';
  let config: ServiceConfig;
  let app: INestApplication;
  let owner: Person;
  let member: Person;

  const http = () => request(app.getHttpServer());
  const sessionCookie = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

  async function signIn(who: Person, pw = password): Promise<ReturnType<typeof request.agent>> {
    const agent = sameOriginAgent(app);
    await agent.post('/auth/login').send({ email: who.email, password: pw }).expect(200);
    return agent;
  }

  beforeAll(async () => {
    // A data folder of its own: the dev default of SESSION_SECRET is kept in it.
    config = testConfig({ DATA_DIR: path.join(testServices().scratchDir, `auth-${run}`) });
    app = await createApiApp(config);
    await app.init();
    const people = app.get(PeopleService);
    owner = await people.create({ name: 'Anna Ägare', email: email('owner'), canOwnProgrammes: true, password });
    member = await people.create({ name: 'Lars Ledamot', email: email('member'), organisationUnit: 'Björkskolan', password });
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('POST /auth/login', () => {
    it('signs in with e-mail (any case) and password, setting an httpOnly, SameSite=Lax session cookie', async () => {
      const res = await http().post('/auth/login').send({ email: owner.email.toUpperCase(), password }).expect(200);
      expect(res.body).toEqual({
        personId: owner.id,
        name: 'Anna Ägare',
        email: owner.email,
        language: 'sv',
        canOwnProgrammes: true,
        isAdmin: false,
        via: 'session',
      });
      const cookie = sessionCookie(res)!;
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/; Secure/); // only when NODE_ENV=production
    });

    it('answers a wrong password, an unknown e-mail and a person without a password alike: 401, no cookie', async () => {
      const noPassword = await app.get(PeopleService).create({ name: 'Utan Lösenord', email: email('nopassword') });
      const attempts = [
        { email: owner.email, password: 'fel-lösenord-123' },
        { email: email('nobody'), password },
        { email: noPassword.email, password },
      ];
      const bodies = [];
      for (const attempt of attempts) {
        const res = await http().post('/auth/login').send(attempt).expect(401);
        expect(sessionCookie(res)).toBeUndefined();
        bodies.push(res.body);
      }
      expect(bodies[0]).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'E-mail or password is incorrect' });
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
    });

    it.each([
      ['a missing e-mail', { password }, { field: 'email', message: 'is required' }],
      ['a malformed e-mail', { email: 'anna.kommun.se', password }, { field: 'email', message: 'must be an e-mail address' }],
      ['a missing password', { email: 'anna@kommun.se' }, { field: 'password', message: 'is required' }],
      ['a password that is not a string', { email: 'anna@kommun.se', password: 12345678 }, { field: 'password', message: 'must be a string' }],
      ['an extra field', { email: 'anna@kommun.se', password, remember: true }, { field: 'remember', message: 'is not an accepted field' }],
    ])('is 400 naming the field for %s', async (_, body, expected) => {
      const res = await http().post('/auth/login').send(body).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `${expected.field} ${expected.message}`,
        errors: [expected],
      });
      expect(sessionCookie(res)).toBeUndefined();
    });
  });

  describe('sessions', () => {
    it('the cookie identifies the person on GET /auth/me, until logout', async () => {
      const agent = await signIn(member);
      const me = await agent.get('/auth/me').expect(200);
      expect(me.body).toMatchObject({ personId: member.id, canOwnProgrammes: false, via: 'session' });

      const out = await agent.post('/auth/logout').expect(200);
      expect(out.body).toEqual({ redirectTo: null }); // a password session has no provider to sign out of
      expect(sessionCookie(out)).toMatch(/^fullfolj_session=;/); // cleared in the browser
      await agent.get('/auth/me').expect(401);
    });

    it('a copied cookie stops working after logout (the session ends on the server)', async () => {
      const res = await http().post('/auth/login').send({ email: member.email, password }).expect(200);
      const cookie = sessionCookie(res)!.split(';')[0];
      await http().get('/auth/me').set('Cookie', cookie).expect(200);
      await http().post('/auth/logout').set('Cookie', cookie).set('Origin', 'http://localhost:3000').expect(200);
      await http().get('/auth/me').set('Cookie', cookie).expect(401);
    });

    it('stores only a keyed hash of the session id, and survives an API restart', async () => {
      const res = await http().post('/auth/login').send({ email: owner.email, password }).expect(200);
      const cookie = sessionCookie(res)!.split(';')[0];
      const sessionId = decodeURIComponent(cookie.slice(`${SESSION_COOKIE}=`.length));
      const stored = await storedSessionHashes(app, owner.id);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).not.toContain(sessionId);
      expect(stored).not.toContain(createHash('sha256').update(sessionId).digest('hex'));

      const restarted = await createApiApp(config);
      await restarted.init();
      try {
        const me = await request(restarted.getHttpServer()).get('/auth/me').set('Cookie', cookie).expect(200);
        expect(me.body.personId).toBe(owner.id);
      } finally {
        await restarted.close();
      }
    });

    it('a new sign-in in the same browser ends the previous session', async () => {
      const first = await http().post('/auth/login').send({ email: member.email, password }).expect(200);
      const firstCookie = sessionCookie(first)!.split(';')[0];
      const second = await http().post('/auth/login').set('Cookie', firstCookie).set('Origin', 'http://localhost:3000').send({ email: member.email, password }).expect(200);
      const secondCookie = sessionCookie(second)!.split(';')[0];
      expect(secondCookie).not.toBe(firstCookie);
      await http().get('/auth/me').set('Cookie', firstCookie).expect(401);
      await http().get('/auth/me').set('Cookie', secondCookie).expect(200);
    });

    it('rejects a forged or malformed cookie', async () => {
      await http().get('/auth/me').set('Cookie', `${SESSION_COOKIE}=${'A'.repeat(43)}`).expect(401);
      await http().get('/auth/me').set('Cookie', `${SESSION_COOKIE}=not-a-session`).expect(401);
    });
  });

  describe('API tokens', () => {
    it('a bearer token works, is stored only as a hash, and stops working when revoked', async () => {
      const agent = await signIn(owner);
      const created = await agent.post('/auth/tokens').send({ name: 'Rapportexport' }).expect(201);
      const { token, id } = created.body as { token: string; id: string };
      expect(token).toMatch(/^ffj_[A-Za-z0-9_-]{43}$/);
      expect(created.body).toMatchObject({ name: 'Rapportexport', lastUsedAt: null, revokedAt: null });

      const rows = await apiTokenRows(app, id);
      expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(token);

      const me = await http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ personId: owner.id, via: 'token' });
      const listed = await agent.get('/auth/tokens').expect(200);
      const entry = listed.body.find((t: { id: string }) => t.id === id);
      expect(entry.lastUsedAt).not.toBeNull();
      expect(entry).not.toHaveProperty('token');

      await agent.delete(`/auth/tokens/${id}`).expect(204);
      await http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      const after = await agent.get('/auth/tokens').expect(200);
      expect(after.body.find((t: { id: string }) => t.id === id).revokedAt).not.toBeNull();
    });

    it('only the owner of a token can revoke it; to anyone else it does not exist', async () => {
      const ownerAgent = await signIn(owner);
      const { body } = await ownerAgent.post('/auth/tokens').send({ name: 'Integration' }).expect(201);
      const memberAgent = await signIn(member);
      await memberAgent.delete(`/auth/tokens/${body.id}`).expect(404);
      await http().get('/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
      await memberAgent.delete('/auth/tokens/not-a-uuid').expect(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'id must be a UUID',
        errors: [{ field: 'id', message: 'must be a UUID' }],
      });
    });

    it('a token name is required', async () => {
      const agent = await signIn(owner);
      const res = await agent.post('/auth/tokens').send({ name: '   ' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'name', message: 'must not be empty' }]);
    });

    it('an unknown or malformed bearer token is 401, even next to a valid session cookie', async () => {
      const agent = await signIn(owner);
      await agent.get('/auth/me').set('Authorization', `Bearer ffj_${'A'.repeat(43)}`).expect(401);
      await agent.get('/auth/me').set('Authorization', 'Basic YW5uYTpzZWNyZXQ=').expect(401);
      await agent.get('/auth/me').expect(200);
    });
  });

  describe('the global guard', () => {
    it.each([
      ['GET', '/auth/me'],
      ['GET', '/auth/tokens'],
      ['POST', '/auth/tokens'],
      ['GET', '/people'],
      ['POST', '/people'],
      ['PATCH', '/people/me'],
      ['GET', `/people/${randomUUID()}`],
    ])('%s %s without credentials is 401', async (method, url) => {
      const res = await http()[method.toLowerCase() as 'get' | 'post' | 'patch'](url).send({}).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="fullfolj"');
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('leaves /health, the OpenAPI document and the web app public', async () => {
      await http().get('/health').expect(200);
      await http().get('/api/docs').expect(200);
      await http().get('/').expect(200);
      const doc = await http().get('/api/docs-json').expect(200);
      expect(doc.body.security).toEqual([{ bearer: [] }, { session: [] }]);
      expect(Object.keys(doc.body.components.securitySchemes)).toEqual(['bearer', 'session']);
      expect(doc.body.paths['/health'].get.security).toEqual([{}]);
      expect(doc.body.paths['/auth/login'].post.security).toEqual([{}]);
      expect(doc.body.paths['/auth/me'].get.security).toBeUndefined(); // the document's default applies
    });
  });

  describe('POST /people', () => {
    it('is 403 for a person who may not own programmes, and writes nothing', async () => {
      const agent = await signIn(member);
      const res = await agent.post('/people').send({ name: 'Ny Person', email: email('forbidden') }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(await countRows(app, 'person', { email: email('forbidden') })).toBe(0);
    });

    it('creates a person who can then sign in with the initial password', async () => {
      const agent = await signIn(owner);
      const res = await agent
        .post('/people')
        .send({ name: 'Sofia Karlsson', email: email('sofia'), organisationUnit: 'Ekbackens gymnasium', language: 'en', password: 'ett-långt-lösenord' })
        .expect(201);
      expect(res.body).toMatchObject({ name: 'Sofia Karlsson', email: email('sofia'), language: 'en', canOwnProgrammes: false });
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('passwordHash');
      await http().post('/auth/login').send({ email: email('sofia'), password: 'ett-långt-lösenord' }).expect(200);
    });

    it('is 409 naming email for a duplicate in another case, and leaves the first person and password untouched', async () => {
      const agent = await signIn(owner);
      await agent.post('/people').send({ name: 'Erik Ett', email: email('erik'), password: 'första-lösenordet' }).expect(201);
      const res = await agent
        .post('/people')
        .send({ name: 'Erik Två', email: email('erik').toUpperCase(), password: 'andra-lösenordet' })
        .expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'email is already in use',
        errors: [{ field: 'email', message: 'is already in use' }],
      });
      expect(await personNamesByEmail(app, email('erik'))).toEqual(['Erik Ett']);
      await http().post('/auth/login').send({ email: email('erik'), password: 'andra-lösenordet' }).expect(401);
      await http().post('/auth/login').send({ email: email('erik'), password: 'första-lösenordet' }).expect(200);
    });

    it('is 400 naming each bad field, before anything is written', async () => {
      const agent = await signIn(owner);
      const people = await countRows(app, 'person');
      const credentials = await countRows(app, 'local_credential');
      const res = await agent
        .post('/people')
        .send({ name: '', email: email('bad'), language: 'de', password: 'kort', role: 'admin' })
        .expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'name', message: 'must not be empty' },
          { field: 'language', message: 'must be sv or en' },
          { field: 'password', code: 'password_too_short', message: 'must be longer than or equal to 12 characters' },
          { field: 'role', message: 'is not an accepted field' },
        ]),
      );
      expect(res.body.errors).toHaveLength(4);
      expect(await countRows(app, 'person')).toBe(people);
      expect(await countRows(app, 'local_credential')).toBe(credentials);
    });
  });
});
