import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import request from 'supertest';
import { SecurityAuditRepository } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { ApiStack, eventually, openAssignmentIds, startApiStack, testConfig } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';

// Request hardening on the real stack (PostgreSQL, Temporal with a worker): sign-in throttling
// shared by two API instances, the failed sign-in in the security log, CSRF refusals of
// cross-site and non-JSON writes, security headers, and deeply nested JSON.
describe('request hardening', () => {
  const password = 'ett-bra-lösenord'; // the stack's password for everyone it adds
  const SITE = 'http://localhost:3000'; // APP_BASE_URL's default, the test config's own site
  const EVIL = 'https://angripare.example';
  let stack: ApiStack;
  const apps: INestApplication[] = [];
  const http = (app: INestApplication = stack.app) => request(app.getHttpServer());
  /** A second API instance on the same database and Temporal, as behind a load balancer. */
  const anotherInstance = async (overrides: Record<string, string> = {}) => {
    const app = await createApiApp(testConfig({ ...THROTTLE, ...overrides }));
    await app.init();
    apps.push(app);
    return app;
  };
  const THROTTLE = { SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '4', SIGN_IN_FAILURE_WINDOW_MINUTES: '15' };

  beforeAll(async () => {
    stack = await startApiStack(THROTTLE);
    await stack.addPerson('lars', 'Lars Berg');
    await stack.addPerson('sara', 'Sara Ek');
    await stack.addPerson('karin', 'Karin Holm');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await stack?.close();
  });

  describe('sign-in throttling', () => {
    it('after 4 wrong passwords spread over two instances, the right one gets 429 with Retry-After on both', async () => {
      const other = await anotherInstance();
      const email = stack.people.lars.email;
      for (const app of [stack.app, other, stack.app, other]) {
        await http(app).post('/auth/login').send({ email, password: 'fel-lösenord-123' }).expect(401);
      }
      for (const app of [other, stack.app]) {
        const refused = await http(app).post('/auth/login').send({ email: email.toUpperCase(), password }).expect(429);
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_attempts', retryAfterSeconds: retryAfter });
        expect(refused.body.errors).toEqual([{ field: 'email', code: 'too_many_attempts', message: expect.stringMatching(/^too many failed attempts; try again in \d+ minutes?$/) }]);
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      // Another account from the same address is not locked out by Lars's failures.
      await http(other).post('/auth/login').send({ email: stack.people.sara.email, password }).expect(200);
    });

    it('a success clears the account: wrong, right, then wrong again starts counting anew', async () => {
      const email = stack.people.karin.email;
      for (let i = 0; i < 3; i += 1) await http().post('/auth/login').send({ email, password: 'fel-lösenord-123' }).expect(401);
      await http().post('/auth/login').send({ email, password }).expect(200);
      for (let i = 0; i < 4; i += 1) await http().post('/auth/login').send({ email, password: 'fel-lösenord-123' }).expect(401);
      await http().post('/auth/login').send({ email, password }).expect(429);
    });

    it('counts per client address too (behind a trusted proxy, by X-Forwarded-For), across accounts and unknown e-mails', async () => {
      const proxied = await anotherInstance({ TRUST_PROXY: 'loopback', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '5', SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '100' });
      const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
      const from = (ip: string) => http(proxied).post('/auth/login').set('X-Forwarded-For', ip);
      for (let i = 0; i < 5; i += 1) await from(address).send({ email: `ingen.${i}.${randomUUID()}@kommun.example`, password: 'gissning-123456' }).expect(401);
      const refused = await from(address).send({ email: stack.people.sara.email, password }).expect(429);
      expect(refused.body.code).toBe('too_many_attempts');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The same person from another address is let in.
      await from('203.0.113.7').send({ email: stack.people.sara.email, password }).expect(200);
    });

    it('throttles a wrong current password on POST /auth/password like a sign-in', async () => {
      const sara = await stack.addPerson('sara2', 'Sara Andra');
      const agent = stack.agents.sara2;
      for (let i = 0; i < 4; i += 1) {
        await agent.post('/auth/password').send({ currentPassword: 'inte-mitt-lösenord', newPassword: 'ett-nytt-långt-lösenord' }).expect(400);
      }
      const refused = await agent.post('/auth/password').send({ currentPassword: password, newPassword: 'ett-nytt-långt-lösenord' }).expect(429);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'too_many_attempts' })]);
      expect(refused.headers['retry-after']).toBeDefined();
      // The account is throttled for sign-in as well: the same counter.
      await http().post('/auth/login').send({ email: sara.email, password }).expect(429);
    });
  });

  describe('the security log', () => {
    it('records a failed sign-in with the reason and no password, and a successful one', async () => {
      const person = await stack.addPerson('pia', 'Pia Loggad');
      const secret = `hemligt-${randomUUID()}`;
      await http().post('/auth/login').send({ email: person.email, password: secret }).expect(401);
      await http().post('/auth/login').send({ email: person.email, password }).expect(200);
      const entries = await stack.app.get(SecurityAuditRepository).list({ subjectPersonId: person.id });
      const signIns = entries.filter((e) => e.action === 'sign_in' || e.action === 'sign_in_refused');
      // Newest first: addPerson's sign-in, the refusal, the success.
      expect(signIns.slice(0, 2).map((e) => [e.action, e.detail])).toEqual([
        ['sign_in', { protocol: 'password' }],
        ['sign_in_refused', { protocol: 'password', reason: 'wrong_password' }],
      ]);
      expect(JSON.stringify(entries)).not.toContain(secret);
      expect(JSON.stringify(entries)).not.toContain(password);
    });
  });

  describe('cross-site requests (CSRF)', () => {
    const programmeId = randomUUID();
    let cookie: string;
    const signedIn = async (email: string) => {
      const res = await http().post('/auth/login').set('Origin', SITE).send({ email, password }).expect(200);
      return (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    };

    beforeAll(async () => {
      const { agents, people } = stack;
      await agents.owner
        .post('/programmes')
        .send({
          id: programmeId,
          templateId: 'skr-fullfoljd-utbildning',
          name: 'Fullföljd utbildning (CSRF)',
          programmeStart: addDays(new Date().toISOString().slice(0, 10), -200),
          steeringGroup: { chairId: people.owner.id, memberIds: [] },
          responsibles: { officials: people.owner.id, head_teachers: people.owner.id },
        })
        .expect(201);
      cookie = await signedIn(people.owner.email);
    });

    const openItem = () => eventually(async () => {
      const [id] = await openAssignmentIds(stack.db, programmeId, stack.people.owner.id);
      expect(id).toBeDefined();
      return id;
    });

    /** The acts of the issue, each as a body a page on another site could post. */
    const acts = (): Array<{ name: string; path: () => Promise<string>; body: Record<string, string>; ok: number }> => [
      { name: 'completing an item', path: async () => `/programmes/${programmeId}/assignments/${await openItem()}/complete`, body: { comment: 'Klart' }, ok: 200 },
      { name: 'granting a role', path: () => Promise.resolve(`/programmes/${programmeId}/roles`), body: { personId: stack.people.karin.id, role: 'reference' }, ok: 200 },
      { name: 'creating a token', path: () => Promise.resolve('/auth/tokens'), body: { name: 'Angriparens token' }, ok: 201 },
    ];

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a cross-site %s POST with 415 for every act, and nothing happens', async (type) => {
      for (const act of acts()) {
        const path = await act.path();
        const raw = type.startsWith('multipart') ? `--x\r\nContent-Disposition: form-data; name="comment"\r\n\r\nKlart\r\n--x--\r\n` : type === 'text/plain' ? JSON.stringify(act.body) : new URLSearchParams(act.body).toString();
        const res = await http().post(path).set('Cookie', cookie).set('Origin', EVIL).set('Content-Type', type).send(raw);
        expect([act.name, res.status, res.body.code]).toEqual([act.name, 415, 'unsupported_media_type']);
      }
      const login = await http().post('/auth/login').set('Origin', EVIL).set('Content-Type', type).send(`email=${stack.people.lars.email}&password=x`);
      expect([login.status, login.body.code]).toEqual([415, 'unsupported_media_type']);
      const roles = (await stack.agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.roles as Array<{ personId: string }>;
      expect(roles.map((r) => r.personId)).not.toContain(stack.people.karin.id);
      const tokens = (await stack.agents.owner.get('/auth/tokens').expect(200)).body as Array<{ name: string }>;
      expect(tokens.map((t) => t.name)).not.toContain('Angriparens token');
    });

    it('refuses JSON with the session cookie from another site or from nowhere with 403, and takes it from this site', async () => {
      for (const act of acts()) {
        const path = await act.path();
        const cross = await http().post(path).set('Cookie', cookie).set('Origin', EVIL).send(act.body);
        expect([act.name, cross.status, cross.body.code]).toEqual([act.name, 403, 'cross_site_request']);
        const fetchSite = await http().post(path).set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').send(act.body);
        expect([act.name, fetchSite.status, fetchSite.body.code]).toEqual([act.name, 403, 'cross_site_request']);
        const nowhere = await http().post(path).set('Cookie', cookie).send(act.body);
        expect([act.name, nowhere.status, nowhere.body.code]).toEqual([act.name, 403, 'cross_site_request']);
      }
      const [first, second, third] = acts();
      await http().post(await first.path()).set('Cookie', cookie).set('Origin', SITE).send(first.body).expect(first.ok);
      // The browser's own word for it is enough too.
      await http().post(await second.path()).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').send(second.body).expect(second.ok);
      const created = await http().post(await third.path()).set('Cookie', cookie).set('Origin', SITE).send(third.body).expect(third.ok);

      // An API token needs no Origin: another site cannot attach it.
      await http().patch('/people/me').set('Authorization', `Bearer ${created.body.token}`).send({ language: 'sv' }).expect(200);
      // The request's own host counts as this site (a deployment reached by another name than APP_BASE_URL).
      const server = stack.app.getHttpServer();
      const own = await request(server).post(await third.path()).set('Cookie', cookie).set('Host', 'fullfolj.intern:8080').set('Origin', 'http://fullfolj.intern:8080').send({ name: 'Egen värd' });
      expect(own.status).toBe(201);
    });

    it('refuses signing in from another site (login CSRF), and takes it from this site or from a non-browser client', async () => {
      const person = await stack.addPerson('olle', 'Olle Inloggad');
      const body = { email: person.email, password };
      const cross = await http().post('/auth/login').set('Origin', EVIL).send(body).expect(403);
      expect(cross.body).toMatchObject({ statusCode: 403, code: 'cross_site_request' });
      expect(cross.headers['set-cookie']).toBeUndefined();
      await http().post('/auth/login').set('Origin', 'null').send(body).expect(403);
      await http().post('/auth/login').set('Origin', SITE).send(body).expect(200);
      await http().post('/auth/login').send(body).expect(200); // curl, scripts: no Origin, no cookie
    });
  });

  describe('security headers', () => {
    it('serves the web app with a strict CSP, no framing and nosniff, and no HSTS on http', async () => {
      const res = await http().get('/').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // The API's answers carry them too.
      const api = await http().get('/auth/methods').expect(200);
      expect(api.headers['content-security-policy']).toBe(csp);
    });

    it('gives Swagger UI its own policy on its route only', async () => {
      const docs = await http().get('/api/docs').redirects(1);
      expect(docs.status).toBe(200);
      expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(docs.headers['x-content-type-options']).toBe('nosniff');
    });

    it('sends HSTS when APP_BASE_URL is https', async () => {
      const https = await anotherInstance({ APP_BASE_URL: 'https://fullfolj.example.se' });
      const res = await http(https).get('/').expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    });
  });

  describe('deeply nested JSON', () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

    it.each([
      ['POST /auth/login, signed out', '/auth/login', false],
      ['PATCH /people/me, signed in', '/people/me', true],
    ])('answers 400 too_deeply_nested on %s, and logs no error', async (_, path, signedIn) => {
      const logger = stack.app.get(PinoNestLogger);
      const errors = jest.spyOn(logger, 'error');
      try {
        for (const body of [`{"email":${nested(15_000)},"password":"x"}`, `[${'['.repeat(40)}${']'.repeat(40)}]`]) {
          const agent = signedIn ? stack.agents.lars : http();
          const res = await (path === '/auth/login' ? agent.post(path) : agent.patch(path)).set('Origin', SITE).set('Content-Type', 'application/json').send(body);
          expect(res.status).toBe(400);
          expect(res.body).toMatchObject({ statusCode: 400, code: 'too_deeply_nested', errors: [{ field: 'body', code: 'too_deeply_nested', message: 'is nested deeper than 32 levels' }] });
        }
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });

    it('still takes nesting up to the limit, and strings that only look nested', async () => {
      const shallow = await http().post('/auth/login').send(`{"email":"x@kommun.example","password":"${'{['.repeat(100)}"}`).set('Content-Type', 'application/json');
      expect(shallow.status).toBe(401);
      const atLimit = await http().post('/auth/login').set('Content-Type', 'application/json').send(`{"email":${nested(31)},"password":"x"}`);
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.code).toBeUndefined(); // an ordinary validation answer
    });
  });
});
