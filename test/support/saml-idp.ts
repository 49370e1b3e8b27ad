/**
 * A real SAML 2.0 identity provider for tests: samlify's IdentityProvider with a throwaway
 * RSA key and self-signed certificate (made by openssl at start), signing real assertions.
 *
 *   const idp = await startSamlIdp({ spEntityId, acsUrl });
 *   const login = await agent.get('/auth/saml/login').expect(302);       // our AuthnRequest
 *   const response = await idp.respond(login.headers.location, { nameId: 'u-1', email: 'a@x' });
 *   await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: response });
 *
 * `respond` answers the AuthnRequest in the redirect URL (InResponseTo = its ID) with a
 * signed assertion; `change` makes it say something else (audience, recipient, times,
 * InResponseTo) while still signing it, as a misconfigured or hostile IdP would.
 * `unsigned` and `tampered` work on the signed XML.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import * as samlify from 'samlify';

export interface SamlTestUser {
  nameId: string;
  email?: string;
  name?: string;
  groups?: string[];
}

export interface SamlAssertionChange {
  audience?: string;
  recipient?: string;
  inResponseTo?: string;
  /** Seconds from now for NotOnOrAfter (negative: already expired). */
  expiresIn?: number;
}

export interface SamlTestIdp {
  entityId: string;
  ssoUrl: string;
  /** The signing certificate, PEM. */
  certificate: string;
  /** The IdP's metadata XML. */
  metadata: string;
  /** A base64 SAMLResponse to the AuthnRequest in `redirectUrl`, with a signed assertion. */
  respond(redirectUrl: string, user: SamlTestUser, change?: SamlAssertionChange): Promise<string>;
  /** The AuthnRequest's ID in a redirect URL. */
  requestId(redirectUrl: string): string;
}

const EMAIL_ATTRIBUTE = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
const NAME_ATTRIBUTE = 'http://schemas.microsoft.com/identity/claims/displayname';
export const SAML_TEST_GROUPS_ATTRIBUTE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'saml-idp-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=Fullfolj test IdP'], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startSamlIdp(options: { spEntityId: string; acsUrl: string; entityId?: string }): SamlTestIdp {
  const { key, cert } = selfSignedCertificate();
  const entityId = options.entityId ?? 'https://idp.test.example/saml';
  const ssoUrl = 'https://idp.test.example/saml/sso';
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    privateKey: key,
    signingCert: cert,
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: ssoUrl }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
  });
  const sp = samlify.ServiceProvider({
    entityID: options.spEntityId,
    assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: options.acsUrl }],
    wantAssertionsSigned: true,
  });

  const requestId = (redirectUrl: string): string => {
    const request = new URL(redirectUrl).searchParams.get('SAMLRequest');
    if (!request) throw new Error('no SAMLRequest in the redirect');
    const xml = inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
    const id = /\sID="([^"]+)"/.exec(xml)?.[1];
    if (!id) throw new Error('the AuthnRequest has no ID');
    return id;
  };

  return {
    entityId,
    ssoUrl,
    certificate: cert,
    metadata: idp.getMetadata(),
    requestId,
    async respond(redirectUrl, user, change = {}) {
      const inResponseTo = change.inResponseTo ?? requestId(redirectUrl);
      const now = new Date();
      const later = new Date(now.getTime() + (change.expiresIn ?? 300) * 1000);
      const notBefore = new Date(Math.min(now.getTime(), later.getTime() - 60_000));
      const attributes: Array<[string, string[]]> = [
        [EMAIL_ATTRIBUTE, user.email ? [user.email] : []],
        [NAME_ATTRIBUTE, user.name ? [user.name] : []],
        [SAML_TEST_GROUPS_ATTRIBUTE, user.groups ?? []],
      ];
      const statement = `<saml:AttributeStatement>${attributes
        .filter(([, values]) => values.length > 0)
        .map(([name, values]) => `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
        .join('')}</saml:AttributeStatement>`;
      const authn = `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_session-${inResponseTo}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
      const id = `_${randomBytes(16).toString('hex')}`;
      const result = await idp.createLoginResponse(sp, { extract: { request: { id: inResponseTo } } }, 'post', { email: user.nameId }, (template: string) => ({
        id,
        // samlify escapes every value it fills in, so the two XML fragments go in first.
        context: samlify.SamlLib.replaceTagsByValue(template.replace('{AuthnStatement}', authn).replace('{AttributeStatement}', statement), {
          ID: id,
          AssertionID: `_${randomBytes(16).toString('hex')}`,
          Destination: options.acsUrl,
          Audience: change.audience ?? options.spEntityId,
          SubjectRecipient: change.recipient ?? options.acsUrl,
          Issuer: entityId,
          IssueInstant: now.toISOString(),
          StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
          ConditionsNotBefore: notBefore.toISOString(),
          ConditionsNotOnOrAfter: later.toISOString(),
          SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
          NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
          NameID: user.nameId,
          InResponseTo: inResponseTo,
        }),
      }));
      return result.context;
    },
  };
}

/** The same response without its signature: what an attacker without the IdP's key could send. */
export function unsignedSamlResponse(response: string): string {
  const xml = Buffer.from(response, 'base64').toString('utf8');
  return Buffer.from(xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '')).toString('base64');
}

/** The signed response with one value changed after signing: the signature no longer matches. */
export function tamperedSamlResponse(response: string, from: string, to: string): string {
  const xml = Buffer.from(response, 'base64').toString('utf8');
  if (!xml.includes(from)) throw new Error(`"${from}" is not in the response`);
  return Buffer.from(xml.replace(from, to)).toString('base64');
}
