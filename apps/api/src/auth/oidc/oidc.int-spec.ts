import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Person } from '@fullfolj/database';
import { RunningOidcProvider, sameOriginAgent, startOidcProvider, testConfig } from '@fullfolj/testing';
import { createApiApp } from '../../bootstrap';
import { PeopleService } from '../../people/people.service';
import { SESSION_COOKIE } from '../session-cookie';
import { OIDC_FLOW_COOKIE } from './oidc-flow';

// The whole authorization code flow over HTTP against panva's oidc-provider (OpenID
// Certified) as a real server: Fullfölj redirects, the person signs in at the provider,
// the provider redirects back, Fullfölj redeems the code and checks the ID token.
describe('OIDC sign-in against a real OpenID Provider', () => {
  const run = randomUUID().slice(0, 8);
  const base = 'http://127.0.0.1:3999';
  const clientId = `fullfolj-${run}`;
  const email = (who: string) => `${who}.${run}@kommun.example`;
  let idp: RunningOidcProvider;
  let app: INestApplication;
  let lars: Person;

  const cookieNamed = (res: request.Response, name: string) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));

  /** Starts a sign-in in a fresh browser (agent) and signs in at the provider as `sub`; the provider's redirect back. */
  async function toCallback(sub: string, returnTo = '/') {
    const agent = sameOriginAgent(app);
    const start = await agent.get('/auth/oidc/login').query({ returnTo }).expect(302);
    const callback = new URL(await idp.signIn(start.headers.location, sub));
    return { agent, start, callback };
  }

  const back = (agent: ReturnType<typeof request.agent>, callback: URL) => agent.get(callback.pathname + callback.search).expect(302);

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [
        {
          client_id: clientId,
          client_secret: `secret-${run}`,
          redirect_uris: [`${base}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${base}/`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      accounts: {
        'sub-lars': { email: email('LARS'), email_verified: true, name: 'Lars Berg', groups: ['skolchefer'] },
        'sub-unverified': { email: email('anna'), email_verified: false, name: 'Anna Lind' },
        'sub-stranger': { email: email('stranger'), email_verified: true, name: 'Okänd Person' },
      },
    });
    app = await createApiApp(
      testConfig({
        APP_BASE_URL: base,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: clientId,
        OIDC_CLIENT_SECRET: `secret-${run}`,
        OIDC_DISPLAY_NAME: 'Sundsvalls kommun',
        OIDC_GROUPS_CLAIM: 'groups',
        OIDC_OWNER_GROUPS: 'skolchefer',
      }),
    );
    await app.init();
    const people = app.get(PeopleService);
    lars = await people.create({ name: 'Lars Berg', email: email('lars') });
    await people.create({ name: 'Anna Lind', email: email('anna') });
  });

  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  it('lists the provider for the sign-in page', async () => {
    const res = await request(app.getHttpServer()).get('/auth/methods').expect(200);
    expect(res.body).toEqual({ local: true, providers: [{ id: 'oidc', displayName: 'Sundsvalls kommun', loginUrl: '/auth/oidc/login' }] });
  });

  it("GET /auth/oidc/login answers 302 to the provider's authorization endpoint with PKCE (S256), state and nonce", async () => {
    const res = await request(app.getHttpServer()).get('/auth/oidc/login').expect(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(clientId);
    expect(q.get('redirect_uri')).toBe(`${base}/auth/oidc/callback`);
    expect(q.get('scope')).toBe('openid email profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The verifier, state and nonce stay with this browser: an httpOnly cookie, signed.
    expect(cookieNamed(res, OIDC_FLOW_COOKIE)).toMatch(/HttpOnly/);
    expect(cookieNamed(res, OIDC_FLOW_COOKIE)).not.toContain(q.get('state')!);
  });

  it('signs in: the callback starts the same session as a password login, matched by verified e-mail, with rights from the groups claim', async () => {
    const { agent, callback } = await toCallback('sub-lars', '/#/programmes');
    expect(`${callback.origin}${callback.pathname}`).toBe(`${base}/auth/oidc/callback`);
    const done = await back(agent, callback);
    expect(done.headers.location).toBe('/#/programmes');
    expect(cookieNamed(done, SESSION_COOKIE)).toMatch(/HttpOnly/);
    const me = await agent.get('/auth/me').expect(200);
    // Matched at first sign-in by the verified e-mail (any case); the group made him an owner.
    expect(me.body).toMatchObject({ personId: lars.id, via: 'session', canOwnProgrammes: true, isAdmin: false });

    // The flow is single-use: the same callback again is refused.
    const again = await agent.get(callback.pathname + callback.search).expect(302);
    expect(again.headers.location).toBe('/#/login?error=sign_in_failed');
  });

  it('links by issuer and sub: a later sign-in finds the person even after the e-mail changed at the provider', async () => {
    await idp.setAccount('sub-lars', { email: `lars.berg.${run}@annan.example`, email_verified: true, name: 'Lars Berg', groups: [] });
    const { agent, callback } = await toCallback('sub-lars');
    expect((await back(agent, callback)).headers.location).toBe('/');
    const me = await agent.get('/auth/me').expect(200);
    // Same person; the owner right followed the groups claim away.
    expect(me.body).toMatchObject({ personId: lars.id, canOwnProgrammes: false });
  });

  it('logout also ends the provider session: 200 with the end_session_endpoint URL, id_token_hint and where to come back', async () => {
    await idp.setAccount('sub-lars', { email: email('lars'), email_verified: true, name: 'Lars Berg', groups: ['skolchefer'] });
    const { agent, callback } = await toCallback('sub-lars');
    await back(agent, callback);
    const out = await agent.post('/auth/logout').expect(200);
    const url = new URL(out.body.redirectTo as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    await agent.get('/auth/me').expect(401);
    // The provider accepts it: its logout confirmation page, not an error.
    const provider = await fetch(url, { redirect: 'manual' });
    expect(provider.status).toBe(200);
    expect(await provider.text()).toMatch(/logout/i);
  });

  it.each([
    ['an unknown person (OIDC_AUTO_CREATE is off)', 'sub-stranger', 'unknown_person'],
    ['an e-mail the provider has not verified, which must not link an existing person', 'sub-unverified', 'unknown_person'],
  ])('refuses %s with a clear page and no session', async (_, sub, code) => {
    const { agent, callback } = await toCallback(sub);
    const done = await back(agent, callback);
    expect(done.headers.location).toBe(`/#/login?error=${code}`);
    expect(cookieNamed(done, SESSION_COOKIE)).toBeUndefined();
    await agent.get('/auth/me').expect(401);
  });

  it('refuses a wrong state (a callback this browser did not start)', async () => {
    const { agent, callback } = await toCallback('sub-lars');
    callback.searchParams.set('state', 'forged-state-value-0123456789');
    const done = await back(agent, callback);
    expect(done.headers.location).toBe('/#/login?error=sign_in_failed');
    await agent.get('/auth/me').expect(401);
  });

  it("refuses a callback in another browser (the code is useless without this browser's flow cookie)", async () => {
    const { callback } = await toCallback('sub-lars');
    const other = request.agent(app.getHttpServer());
    expect((await back(other, callback)).headers.location).toBe('/#/login?error=sign_in_failed');
    await other.get('/auth/me').expect(401);
  });

  it.each([
    ['a wrong nonce (an ID token from another sign-in)', { nonce: 'not-the-nonce-of-this-flow' }],
    ['an expired ID token', { expiresIn: -3600 }],
    ['a wrong audience (an ID token issued to another client)', { aud: 'another-client' }],
  ])('refuses %s, though the provider signed it', async (_, change) => {
    const { agent, callback } = await toCallback('sub-lars');
    await idp.changeNextIdToken(change);
    const done = await back(agent, callback);
    expect(done.headers.location).toBe('/#/login?error=sign_in_failed');
    expect(cookieNamed(done, SESSION_COOKIE)).toBeUndefined();
    await agent.get('/auth/me').expect(401);
  });

  it('keeps returnTo on this site: 400 return_to_not_local otherwise', async () => {
    const res = await request(app.getHttpServer()).get('/auth/oidc/login').query({ returnTo: 'https://evil.example/' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'returnTo', code: 'return_to_not_local', message: expect.any(String) }]);
  });

  it('answers 404 on an instance without OIDC settings', async () => {
    const plain = await createApiApp(testConfig());
    await plain.init();
    try {
      await request(plain.getHttpServer()).get('/auth/oidc/login').expect(404);
      await request(plain.getHttpServer()).get('/auth/oidc/callback').expect(404);
      expect((await request(plain.getHttpServer()).get('/auth/methods').expect(200)).body).toEqual({ local: true, providers: [] });
    } finally {
      await plain.close();
    }
  });
});
