import { ConfigError, loadConfig } from './config';

// A syntactically valid certificate body: the config only checks its shape; signatures are checked by the SAML code.
const body = 'MIIC' + 'A'.repeat(120) + 'Q==';
const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
const saml = { SAML_ENTRY_POINT: 'https://login.microsoftonline.com/tenant/saml2', SAML_IDP_ISSUER: 'https://sts.windows.net/tenant/', SAML_IDP_CERT: body };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('SAML settings', () => {
  it('are off unless SAML_ENTRY_POINT or IdP metadata is set', () => {
    expect(loadConfig({}).auth.saml).toBeUndefined();
  });

  it('derive entity id and ACS URL from APP_BASE_URL and use the Entra ID attribute names by default', () => {
    const config = loadConfig({ ...saml, APP_BASE_URL: 'https://fullfolj.kommun.se/' });
    expect(config.auth.saml).toMatchObject({
      idp: { entryPoint: saml.SAML_ENTRY_POINT, idpIssuer: saml.SAML_IDP_ISSUER },
      spEntityId: 'https://fullfolj.kommun.se/auth/saml/metadata',
      acsUrl: 'https://fullfolj.kommun.se/auth/saml/acs',
      displayName: 'login.microsoftonline.com',
      emailAttribute: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      nameAttribute: 'http://schemas.microsoft.com/identity/claims/displayname',
      autoCreate: false,
      groupsClaim: undefined,
      ownerGroups: [],
      adminGroups: [],
      spPrivateKey: undefined,
      spCert: undefined,
    });
    expect(config.auth.saml!.idp!.idpCerts).toEqual([`${pem}\n`]);
  });

  it('accepts PEM (also with escaped newlines) and several certificates for rotation', () => {
    const config = loadConfig({ ...saml, SAML_IDP_CERT: `${pem.replace(/\n/g, '\\n')}, ${body}`, SAML_SP_ENTITY_ID: 'urn:fullfolj', SAML_DISPLAY_NAME: 'Skolfederation' });
    expect(config.auth.saml!.idp!.idpCerts).toEqual([`${pem}\n`, `${pem}\n`]);
    expect(config.auth.saml).toMatchObject({ spEntityId: 'urn:fullfolj', displayName: 'Skolfederation' });
  });

  it('may take the IdP from its metadata instead, by URL or file, but not both ways at once', () => {
    const url = 'https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml';
    const config = loadConfig({ SAML_IDP_METADATA_URL: url, APP_BASE_URL: 'https://fullfolj.kommun.se' });
    expect(config.auth.saml).toMatchObject({ idp: undefined, idpMetadataUrl: url, acsUrl: 'https://fullfolj.kommun.se/auth/saml/acs', displayName: 'login.microsoftonline.com' });
    expect(loadConfig({ SAML_IDP_METADATA_FILE: '/etc/fullfolj/idp.xml' }).auth.saml).toMatchObject({ idpMetadataFile: '/etc/fullfolj/idp.xml' });
    expect(problemsOf({ SAML_IDP_METADATA_URL: url, SAML_IDP_METADATA_FILE: '/x.xml' })).toMatch(/SAML_IDP_METADATA_FILE give SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE, not both/);
    expect(problemsOf({ ...saml, SAML_IDP_METADATA_URL: url })).toMatch(/SAML_ENTRY_POINT give the IdP by metadata or by SAML_ENTRY_POINT, not both/);
  });

  it('reads groups and rights', () => {
    const config = loadConfig({ ...saml, SAML_GROUPS_ATTRIBUTE: 'groups', SAML_OWNER_GROUPS: 'g-owners, g-chefer', SAML_ADMIN_GROUPS: 'g-it', SAML_AUTO_CREATE: 'true' });
    expect(config.auth.saml).toMatchObject({ groupsClaim: 'groups', ownerGroups: ['g-owners', 'g-chefer'], adminGroups: ['g-it'], autoCreate: true });
  });

  it('names each missing or contradictory setting and never shows the private key', () => {
    const problems = problemsOf({ SAML_ENTRY_POINT: saml.SAML_ENTRY_POINT, SAML_ADMIN_GROUPS: 'g-it', SAML_SP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----hemlig' });
    expect(problems).toMatch(/SAML_IDP_ISSUER is required when SAML_ENTRY_POINT is set/);
    expect(problems).toMatch(/SAML_IDP_CERT is required when SAML_ENTRY_POINT is set/);
    expect(problems).toMatch(/SAML_GROUPS_ATTRIBUTE is required/);
    expect(problems).toMatch(/SAML_SP_CERT SAML_SP_PRIVATE_KEY and SAML_SP_CERT go together/);
    expect(problems).not.toContain('hemlig');

    expect(problemsOf({ ...saml, SAML_IDP_CERT: 'not a certificate' })).toMatch(/SAML_IDP_CERT must be PEM certificates/);
    const keyProblem = problemsOf({ ...saml, SAML_ENTRY_POINT: 'ftp://x', SAML_SP_PRIVATE_KEY: 'hemlig' });
    expect(keyProblem).not.toContain('hemlig');
  });
});
