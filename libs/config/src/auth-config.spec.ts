import { ConfigError, loadConfig } from './config';

const oidc = { OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0', OIDC_CLIENT_ID: 'fullfolj', OIDC_CLIENT_SECRET: 'hemligt-klienthemlis' };

describe('sign-in settings', () => {
  it('keeps local passwords on and single sign-on off by default', () => {
    const { auth } = loadConfig({});
    expect(auth.local).toBe(true);
    expect(auth.oidc).toBeUndefined();
  });

  it('turns local passwords off with AUTH_LOCAL=false and refuses a value that is not a flag', () => {
    expect(loadConfig({ AUTH_LOCAL: 'false' }).auth.local).toBe(false);
    expect(loadConfig({ AUTH_LOCAL: 'FALSE' }).auth.local).toBe(false);
    expect(loadConfig({ AUTH_LOCAL: 'true' }).auth.local).toBe(true);
    expect(() => loadConfig({ AUTH_LOCAL: 'nej' })).toThrow(/AUTH_LOCAL must be true or false/);
  });

  it('derives the redirect URI from APP_BASE_URL and the button text from the issuer', () => {
    const config = loadConfig({ ...oidc, APP_BASE_URL: 'https://fullfolj.kommun.se/' });
    expect(config.auth.oidc).toMatchObject({
      issuer: oidc.OIDC_ISSUER,
      clientId: 'fullfolj',
      scopes: 'openid email profile',
      displayName: 'login.microsoftonline.com',
      redirectUri: 'https://fullfolj.kommun.se/auth/oidc/callback',
      autoCreate: false,
      groupsClaim: undefined,
      ownerGroups: [],
      adminGroups: [],
    });
  });

  it('reads group lists, trimming blanks', () => {
    const config = loadConfig({ ...oidc, OIDC_GROUPS_CLAIM: 'groups', OIDC_OWNER_GROUPS: ' g-owners , g-chefer ,', OIDC_ADMIN_GROUPS: 'g-it', OIDC_AUTO_CREATE: 'yes', OIDC_DISPLAY_NAME: 'Kommunens konto' });
    expect(config.auth.oidc).toMatchObject({ groupsClaim: 'groups', ownerGroups: ['g-owners', 'g-chefer'], adminGroups: ['g-it'], autoCreate: true, displayName: 'Kommunens konto' });
  });

  it('names every missing or contradictory setting, never showing the client secret', () => {
    let error: unknown;
    try {
      loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_SCOPES: 'email profile', OIDC_ADMIN_GROUPS: 'g-it' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/OIDC_CLIENT_ID is required when OIDC_ISSUER is set/);
    expect(problems).toMatch(/OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set/);
    expect(problems).toMatch(/OIDC_SCOPES must include openid/);
    expect(problems).toMatch(/OIDC_GROUPS_CLAIM is required/);

    try {
      loadConfig({ ...oidc, OIDC_ISSUER: 'not a url' });
    } catch (e) {
      expect(String(e)).not.toContain(oidc.OIDC_CLIENT_SECRET);
    }
  });
});
