/**
 * A real OpenID Provider for tests: panva's oidc-provider v9 listening on 127.0.0.1 on a
 * free port, run as a child process (`oidc-provider-server.mjs`, since the package is ESM-only).
 *
 *   const idp = await startOidcProvider({
 *     clients: [{ client_id: 'fullfolj', client_secret: 's', redirect_uris: ['http://127.0.0.1:3000/auth/oidc/callback'],
 *                 post_logout_redirect_uris: ['http://127.0.0.1:3000/'] }],
 *     accounts: { 'u-1': { email: 'a@x.example', email_verified: true, name: 'A', groups: ['g1'] } },
 *   });
 *   idp.issuer;                       // e.g. http://127.0.0.1:41234
 *   await idp.setAccount('u-1', {...}); // replace an account's claims at run time
 *   await idp.stop();
 *
 * Sign-in uses oidc-provider's dev interactions: the login form takes the account's `sub` as
 * login name (any password); no consent prompt is shown. PKCE is required; the
 * end_session_endpoint is on. The account's claims (email, email_verified, name, groups) are put
 * into the ID token itself (conformIdTokenClaims: false), as Entra ID does. Checked by hand:
 * authorize → 303 to the dev login form (POST field `login` = sub) → 303 to redirect_uri with
 * a code, which openid-client's authorizationCodeGrant exchanges (PKCE, state, nonce).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface OidcTestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[] | string;
  [claim: string]: unknown;
}

export interface OidcProviderOptions {
  clients: Array<Record<string, unknown>>;
  accounts?: Record<string, OidcTestAccount>;
  /** Name of the groups claim in ID tokens (default `groups`). */
  groupsClaim?: string;
  /** ID token lifetime in seconds (default 3600). */
  idTokenTtl?: number;
}

export interface RunningOidcProvider {
  issuer: string;
  setAccount(sub: string, account: OidcTestAccount): Promise<void>;
  stop(): Promise<void>;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_CONFIG: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr}`)));
  });
  return {
    issuer,
    async setAccount(sub, account) {
      const res = await fetch(`${issuer}/__test/accounts/${encodeURIComponent(sub)}`, {
        method: 'PUT',
        body: JSON.stringify(account),
      });
      if (res.status !== 204) throw new Error(`setAccount answered ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
