import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Person } from '@fullfolj/database';
import { SAML_TEST_GROUPS_ATTRIBUTE, SamlTestIdp, startSamlIdp, tamperedSamlResponse, testConfig, testServices, unsignedSamlResponse } from '@fullfolj/testing';
import { createApiApp } from '../../bootstrap';
import { PeopleService } from '../../people/people.service';
import { SESSION_COOKIE } from '../session-cookie';

// SAML sign-in against a real IdP (samlify) that signs real assertions: Fullfölj sends an
// AuthnRequest, the IdP answers it, the browser posts the answer to the ACS.
describe('SAML sign-in against a real SAML IdP', () => {
  const run = randomUUID().slice(0, 8);
  const base = 'http://127.0.0.1:3998';
  const spEntityId = `${base}/auth/saml/metadata`;
  const acsUrl = `${base}/auth/saml/acs`;
  const email = (who: string) => `${who}.${run}@skola.example`;
  let idp: SamlTestIdp;
  let app: INestApplication;
  let sofia: Person;

  const sessionCookie = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

  /** A fresh browser that has started a sign-in; the redirect to the IdP. */
  async function start(returnTo = '/') {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/auth/saml/login').query({ returnTo }).expect(302);
    return { agent, redirect: login.headers.location };
  }

  const post = (agent: ReturnType<typeof request.agent>, SAMLResponse: string, RelayState = '/') =>
    agent.post('/auth/saml/acs').type('form').send({ SAMLResponse, RelayState }).expect(302);

  async function expectRefused(agent: ReturnType<typeof request.agent>, SAMLResponse: string, code = 'sign_in_failed') {
    const res = await post(agent, SAMLResponse);
    expect(res.headers.location).toBe(`/#/login?error=${code}`);
    expect(sessionCookie(res)).toBeUndefined();
    await agent.get('/auth/me').expect(401);
  }

  beforeAll(async () => {
    idp = startSamlIdp({ spEntityId, acsUrl, entityId: `https://idp-${run}.skolfederation.example/idp` });
    // The IdP comes from its metadata file, as IT would download it.
    const metadataFile = path.join(testServices().scratchDir, `saml-idp-${run}.xml`);
    writeFileSync(metadataFile, idp.metadata);
    app = await createApiApp(
      testConfig({
        APP_BASE_URL: base,
        SAML_IDP_METADATA_FILE: metadataFile,
        SAML_DISPLAY_NAME: 'Skolfederation',
        SAML_GROUPS_ATTRIBUTE: SAML_TEST_GROUPS_ATTRIBUTE,
        SAML_ADMIN_GROUPS: 'it-admins',
      }),
    );
    await app.init();
    sofia = await app.get(PeopleService).create({ name: 'Sofia Karlsson', email: email('sofia') });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves SP metadata with the entity id and the ACS URL', async () => {
    const res = await request(app.getHttpServer()).get('/auth/saml/metadata').expect(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(res.text).toContain(`entityID="${spEntityId}"`);
    expect(res.text).toContain(`Location="${acsUrl}"`);
    const methods = await request(app.getHttpServer()).get('/auth/methods').expect(200);
    expect(methods.body.providers).toEqual([{ id: 'saml', displayName: 'Skolfederation', loginUrl: '/auth/saml/login' }]);
  });

  it('signs in: a signed assertion for our AuthnRequest starts a session, matched by e-mail, rights from groups; then linked by NameID', async () => {
    const { agent, redirect } = await start('/#/my-work');
    expect(redirect.startsWith(`${idp.ssoUrl}?SAMLRequest=`)).toBe(true);
    const response = await idp.respond(redirect, { nameId: `nid-sofia-${run}`, email: email('SOFIA'), name: 'Sofia Karlsson', groups: ['it-admins'] });
    const done = await post(agent, response, '/#/my-work');
    expect(done.headers.location).toBe('/#/my-work');
    expect(sessionCookie(done)).toMatch(/HttpOnly/);
    expect((await agent.get('/auth/me').expect(200)).body).toMatchObject({ personId: sofia.id, isAdmin: true, via: 'session' });

    // Next time the e-mail is different: the NameID link finds her.
    const again = await start();
    await post(again.agent, await idp.respond(again.redirect, { nameId: `nid-sofia-${run}`, email: `s.karlsson.${run}@annan.example`, groups: [] }));
    expect((await again.agent.get('/auth/me').expect(200)).body).toMatchObject({ personId: sofia.id, isAdmin: false });
  });

  it('refuses a replayed assertion: the same response posted again', async () => {
    const { agent, redirect } = await start();
    const response = await idp.respond(redirect, { nameId: `nid-sofia-${run}`, email: email('sofia') });
    expect((await post(agent, response)).headers.location).toBe('/');
    await expectRefused(request.agent(app.getHttpServer()), response);
  });

  it('refuses a tampered assertion (signature broken) and an unsigned one', async () => {
    const first = await start();
    const signed = await idp.respond(first.redirect, { nameId: `nid-mallory-${run}`, email: email('mallory') });
    await expectRefused(first.agent, tamperedSamlResponse(signed, email('mallory'), email('sofia')));
    const second = await start();
    await expectRefused(second.agent, unsignedSamlResponse(await idp.respond(second.redirect, { nameId: `nid-sofia-${run}`, email: email('sofia') })));
  });

  it.each([
    ['expired', { expiresIn: -600 }],
    ['for another audience', { audience: 'https://another-sp.example/metadata' }],
    ['for another recipient', { recipient: 'https://another-sp.example/acs' }],
    ['answering a request we never sent (InResponseTo)', { inResponseTo: '_not-our-request' }],
  ])('refuses a signed assertion %s', async (_, change) => {
    const { agent, redirect } = await start();
    await expectRefused(agent, await idp.respond(redirect, { nameId: `nid-sofia-${run}`, email: email('sofia') }, change));
  });

  it('refuses an unknown person with a clear page, and an empty post', async () => {
    const { agent, redirect } = await start();
    await expectRefused(agent, await idp.respond(redirect, { nameId: `nid-okand-${run}`, email: email('okand') }), 'unknown_person');
    const empty = await request(app.getHttpServer()).post('/auth/saml/acs').type('form').send({}).expect(302);
    expect(empty.headers.location).toBe('/#/login?error=sign_in_failed');
  });

  it('follows only a local RelayState, and keeps returnTo local', async () => {
    const { agent, redirect } = await start();
    const done = await post(agent, await idp.respond(redirect, { nameId: `nid-sofia-${run}`, email: email('sofia') }), 'https://evil.example/');
    expect(done.headers.location).toBe('/');
    const bad = await request(app.getHttpServer()).get('/auth/saml/login').query({ returnTo: '//evil.example' }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'returnTo', code: 'return_to_not_local' });
  });
});
