import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  ApiStack,
  createScratchDatabase,
  expireApiToken,
  expirePasswordResets,
  Mailbox,
  sameOriginAgent,
  ScratchDatabase,
  sentTo,
  startApiStack,
  testConfig,
  testServices,
} from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';
import { PeopleService } from '../people/people.service';
import { SessionService } from './sessions.service';

// The real stack of the int tier: PostgreSQL, Temporal with a worker, and the SMTP sink that
// receives the reset mail. Every act is shown with its refusals.
describe('local accounts, API tokens, rights and the security log', () => {
  const password = 'ett-bra-lösenord'; // the stack's password for everyone it adds
  const mailbox = new Mailbox(testServices().mailDir);
  let stack: ApiStack;
  const http = () => request(stack.app.getHttpServer());
  const signIn = async (email: string, pw: string) => {
    const agent = sameOriginAgent(stack.app);
    await agent.post('/auth/login').send({ email, password: pw }).expect(200);
    return agent;
  };

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('lars', 'Lars Berg');
    await stack.addPerson('sara', 'Sara Ek');
    await stack.addPerson('karin', 'Karin Holm');
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('POST /auth/password', () => {
    it('needs the current password, refuses a weak new one, ends the other sessions and keeps this one', async () => {
      const email = stack.people.lars.email;
      const other = await signIn(email, password);
      const here = stack.agents.lars;

      const wrong = await here.post('/auth/password').send({ currentPassword: 'inte-mitt-lösenord', newPassword: 'ett-nytt-långt-lösenord' }).expect(400);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', code: 'wrong_password', message: 'is not your current password' }]);
      const short = await here.post('/auth/password').send({ currentPassword: password, newPassword: 'kort' }).expect(400);
      expect(short.body.errors).toEqual([{ field: 'newPassword', code: 'password_too_short', message: 'must be longer than or equal to 12 characters' }]);
      const long = await here.post('/auth/password').send({ currentPassword: password, newPassword: 'x'.repeat(257) }).expect(400);
      expect(long.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'password_too_long' })]);
      await other.get('/auth/me').expect(200); // nothing ended by the refusals

      await here.post('/auth/password').send({ currentPassword: password, newPassword: 'ett-nytt-långt-lösenord' }).expect(204);
      await here.get('/auth/me').expect(200);
      await other.get('/auth/me').expect(401);
      await http().post('/auth/login').send({ email, password }).expect(401);
      await signIn(email, 'ett-nytt-långt-lösenord');
    });

    it('is 409 no_local_password for a person who signs in only through single sign-on', async () => {
      const sso = await stack.app.get(PeopleService).create({ name: 'Utan Lösenord', email: `sso.${stack.run}@kommun.example` });
      const session = await stack.app.get(SessionService).create(sso.id);
      const res = await http()
        .post('/auth/password')
        .set('Cookie', `fullfolj_session=${session}`)
        .set('Origin', 'http://localhost:3000')
        .send({ currentPassword: 'vad-som-helst-123', newPassword: 'ett-nytt-långt-lösenord' })
        .expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'no_local_password' });
    });
  });

  describe('password reset by an administrator', () => {
    it('mails a single-use link; the administrator never sees it; it works once and ends every session', async () => {
      const sara = stack.people.sara;
      const before = await signIn(sara.email, password);
      const res = await stack.agents.owner.post(`/admin/people/${sara.id}/password-reset`).expect(202);
      expect(Object.keys(res.body)).toEqual(['expiresAt']);
      const hours = (new Date(res.body.expiresAt).getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);

      const [mail] = await mailbox.waitFor(sentTo(sara.email));
      const token = /#\/password-reset\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(mail.text).toContain(`${stack.config.api.baseUrl}/#/password-reset?token=${token}`);
      expect(mail.text).toContain('Anna Lindqvist'); // who asked for it
      expect(JSON.stringify(res.body)).not.toContain(token!);

      await http().post('/auth/password-reset').send({ token, newPassword: 'kort' }).expect(400);
      await http().post('/auth/password-reset').send({ token, newPassword: 'saras-nya-lösenord' }).expect(204);
      await before.get('/auth/me').expect(401);
      await signIn(sara.email, 'saras-nya-lösenord');
      const again = await http().post('/auth/password-reset').send({ token, newPassword: 'ett-annat-lösenord' }).expect(400);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token', code: 'reset_link_invalid' })]);
      await http().post('/auth/login').send({ email: sara.email, password: 'ett-annat-lösenord' }).expect(401);

      // The administrator's view of the log shows the reset, and no token anywhere.
      const log = await stack.agents.owner.get(`/admin/security-log?personId=${sara.id}`).expect(200);
      expect(log.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset_completed']));
      expect(JSON.stringify(log.body)).not.toContain(token!);
    });

    it('refuses an expired or unknown link; 404 for an unknown person; 403 for a non-administrator', async () => {
      const karin = stack.people.karin;
      const count = (await mailbox.find(sentTo(karin.email))).length;
      await stack.agents.owner.post(`/admin/people/${karin.id}/password-reset`).expect(202);
      const [mail] = (await mailbox.waitFor(sentTo(karin.email), count + 1)).slice(-1);
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
      await expirePasswordResets(stack.db, karin.id);
      const expired = await http().post('/auth/password-reset').send({ token, newPassword: 'karins-nya-lösenord' }).expect(400);
      expect(expired.body.errors).toEqual([expect.objectContaining({ field: 'token', code: 'reset_link_invalid' })]);
      await http().post('/auth/password-reset').send({ token: 'A'.repeat(43), newPassword: 'karins-nya-lösenord' }).expect(400);

      await stack.agents.owner.post('/admin/people/00000000-0000-4000-8000-000000000000/password-reset').expect(404);
      await stack.agents.lars.post(`/admin/people/${karin.id}/password-reset`).expect(403);
    });
  });

  it('POST /auth/sign-out-everywhere ends every session of the caller, this one too, and clears the cookie', async () => {
    const karin = stack.people.karin;
    const first = await signIn(karin.email, password);
    const second = await signIn(karin.email, password);
    const res = await first.post('/auth/sign-out-everywhere').expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^fullfolj_session=;/);
    await first.get('/auth/me').expect(401);
    await second.get('/auth/me').expect(401);
    await stack.agents.karin.get('/auth/me').expect(401);
    stack.agents.karin = await signIn(karin.email, password);
  });

  describe('API tokens', () => {
    it('expire after 90 days by default, take 1..365, list expiry and last use, and cannot make tokens', async () => {
      const agent = stack.agents.lars;
      const created = await agent.post('/auth/tokens').send({ name: 'Rapportexport' }).expect(201);
      const days = (new Date(created.body.expiresAt).getTime() - new Date(created.body.createdAt).getTime()) / 86_400_000;
      expect(Math.round(days)).toBe(90);
      const year = await agent.post('/auth/tokens').send({ name: 'Ett år', expiresInDays: 365 }).expect(201);
      expect(Math.round((new Date(year.body.expiresAt).getTime() - Date.now()) / 86_400_000)).toBe(365);

      for (const [value, code] of [[366, 'token_lifetime_too_long'], [0, 'token_lifetime_too_short'], [1.5, 'not_an_integer']] as const) {
        const bad = await agent.post('/auth/tokens').send({ name: 'Fel', expiresInDays: value }).expect(400);
        expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'expiresInDays', code })]);
      }

      const fromToken = await http().post('/auth/tokens').set('Authorization', `Bearer ${created.body.token}`).send({ name: 'Mer' }).expect(403);
      expect(fromToken.body).toMatchObject({ statusCode: 403, code: 'token_cannot_create_token' });

      const listed = await agent.get('/auth/tokens').expect(200);
      const entry = listed.body.find((t: { id: string }) => t.id === created.body.id);
      expect(entry).toMatchObject({ name: 'Rapportexport', expiresAt: created.body.expiresAt, revokedAt: null });
      expect(entry.lastUsedAt).not.toBeNull(); // the refused creation above used it
      expect(entry).not.toHaveProperty('token');
    });

    it('an expired token is 401, and creation and revocation are in the security log', async () => {
      const agent = stack.agents.lars;
      const { body } = await agent.post('/auth/tokens').send({ name: 'Kortlivad', expiresInDays: 1 }).expect(201);
      await http().get('/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
      await expireApiToken(stack.db, body.id);
      await http().get('/auth/me').set('Authorization', `Bearer ${body.token}`).expect(401);
      await agent.delete(`/auth/tokens/${body.id}`).expect(204);
      const log = await stack.agents.owner.get(`/admin/security-log?personId=${stack.people.lars.id}&limit=50`).expect(200);
      const about = log.body.filter((e: { detail: { tokenId?: string } }) => e.detail.tokenId === body.id);
      expect(about.map((e: { action: string }) => e.action)).toEqual(['api_token_revoked', 'api_token_created']);
      expect(about[0]).toMatchObject({ actorPersonId: stack.people.lars.id, actorName: 'Lars Berg', subjectName: 'Lars Berg' });
    });
  });

  describe('rights', () => {
    it('an administrator grants and takes rights, each change logged with names; others get 403', async () => {
      const lars = stack.people.lars;
      const granted = await stack.agents.owner.patch(`/admin/people/${lars.id}/rights`).send({ isAdmin: true }).expect(200);
      expect(granted.body).toMatchObject({ id: lars.id, isAdmin: true, canOwnProgrammes: false });
      await stack.agents.lars.get('/people').expect(200); // administrators list people too
      await stack.agents.lars.get('/admin/security-log').expect(200);
      const taken = await stack.agents.owner.patch(`/admin/people/${lars.id}/rights`).send({ isAdmin: false, canOwnProgrammes: true }).expect(200);
      expect(taken.body).toMatchObject({ isAdmin: false, canOwnProgrammes: true });

      const log = await stack.agents.owner.get(`/admin/security-log?personId=${lars.id}&limit=3`).expect(200);
      expect(log.body).toHaveLength(3);
      expect(log.body.map((e: { action: string; detail: { right: string } }) => [e.action, e.detail.right]).sort()).toEqual([
        ['right_granted', 'canOwnProgrammes'],
        ['right_granted', 'isAdmin'],
        ['right_revoked', 'isAdmin'],
      ]);
      expect(log.body[0]).toMatchObject({ actorPersonId: stack.people.owner.id, actorName: 'Anna Lindqvist', subjectPersonId: lars.id, subjectName: 'Lars Berg' });

      // Sara's reset above ended her sessions; Karin is signed in and no administrator.
      await stack.agents.karin.patch(`/admin/people/${lars.id}/rights`).send({ isAdmin: true }).expect(403);
      await stack.agents.karin.get('/admin/security-log').expect(403);
      const bad = await stack.agents.owner.patch(`/admin/people/${lars.id}/rights`).send({ isAdmin: null }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'isAdmin', message: 'must not be null' }]);
      await stack.agents.owner.patch('/admin/people/00000000-0000-4000-8000-000000000000/rights').send({ isAdmin: true }).expect(404);
    });

    it('validates the security log query', async () => {
      const limit = await stack.agents.owner.get('/admin/security-log?limit=0').expect(400);
      expect(limit.body.errors).toEqual([expect.objectContaining({ field: 'limit', code: 'limit_out_of_range' })]);
      const text = await stack.agents.owner.get('/admin/security-log?limit=many').expect(400);
      expect(text.body.errors).toEqual([expect.objectContaining({ field: 'limit', code: 'not_an_integer' })]);
      const person = await stack.agents.owner.get('/admin/security-log?personId=123').expect(400);
      expect(person.body.errors).toEqual([{ field: 'personId', code: 'not_a_uuid', message: 'must be a UUID' }]);
    });
  });
});

// A database of its own: the shared one has an administrator from every other spec.
describe('the last administrator, and AUTH_LOCAL=false', () => {
  let scratch: ScratchDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    scratch = await createScratchDatabase(`fullfolj_accounts_${Date.now()}`);
    app = await createApiApp(testConfig({ DATABASE_URL: scratch.url }));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await scratch?.drop();
  });

  it('keeps the right of the last active administrator, also when two take each other\'s right at once', async () => {
    const people = app.get(PeopleService);
    const password = 'ett-bra-lösenord';
    const anna = await people.create({ name: 'Anna', email: 'anna@kommun.example', isAdmin: true, password });
    const erik = await people.create({ name: 'Erik', email: 'erik@kommun.example', isAdmin: true, password });
    const agent = async (email: string) => {
      const a = sameOriginAgent(app);
      await a.post('/auth/login').send({ email, password }).expect(200);
      return a;
    };
    const [a, e] = await Promise.all([agent(anna.email), agent(erik.email)]);

    const results = await Promise.all([a.patch(`/admin/people/${erik.id}/rights`).send({ isAdmin: false }), e.patch(`/admin/people/${anna.id}/rights`).send({ isAdmin: false })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.errors).toEqual([{ field: 'isAdmin', code: 'last_admin', message: 'cannot be taken from the last active administrator' }]);
    const admins = (await people.list()).filter((p) => p.isAdmin);
    expect(admins).toHaveLength(1);

    const last = admins[0];
    const self = await (last.id === anna.id ? a : e).patch(`/admin/people/${last.id}/rights`).send({ isAdmin: false }).expect(409);
    expect(self.body.errors[0].code).toBe('last_admin');
  });

  it('with AUTH_LOCAL=false, password sign-in and every password act are 403 local_sign_in_disabled', async () => {
    const off = await createApiApp(testConfig({ DATABASE_URL: scratch.url, AUTH_LOCAL: 'false' }));
    await off.init();
    try {
      const person = (await off.get(PeopleService).list())[0];
      const session = await off.get(SessionService).create(person.id);
      const cookie = `fullfolj_session=${session}`;
      const calls = [
        request(off.getHttpServer()).post('/auth/login').send({ email: person.email, password: 'ett-bra-lösenord' }),
        request(off.getHttpServer()).post('/auth/password').set('Cookie', cookie).set('Origin', 'http://localhost:3000').send({ currentPassword: 'ett-bra-lösenord', newPassword: 'ett-nytt-långt-lösenord' }),
        request(off.getHttpServer()).post('/auth/password-reset').send({ token: 'x', newPassword: 'k' }),
        request(off.getHttpServer()).post(`/admin/people/${person.id}/password-reset`).set('Cookie', cookie).set('Origin', 'http://localhost:3000'),
      ];
      for (const call of calls) {
        const res = await call;
        expect([res.status, res.body.code]).toEqual([403, 'local_sign_in_disabled']);
      }
      await request(off.getHttpServer()).get('/auth/me').set('Cookie', cookie).expect(200); // sessions still work
    } finally {
      await off.close();
    }
  });
});
