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

/** Claims to change in the next ID token the provider issues (re-signed with its own key). */
export interface IdTokenChange {
  aud?: string;
  nonce?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
}

export interface RunningOidcProvider {
  issuer: string;
  setAccount(sub: string, account: OidcTestAccount): Promise<void>;
  /** The next token response carries an ID token with these claims changed, validly signed. */
  changeNextIdToken(change: IdTokenChange): Promise<void>;
  /**
   * Plays the person's browser at the provider: follows `authorizationUrl` through the
   * provider's login form as account `sub`, and returns the URL the provider sends the
   * browser back to (the relying party's redirect URI with code, state and iss).
   */
  signIn(authorizationUrl: string, sub: string): Promise<string>;
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
    async changeNextIdToken(change) {
      const res = await fetch(`${issuer}/__test/next-id-token`, { method: 'PUT', body: JSON.stringify(change) });
      if (res.status !== 204) throw new Error(`changeNextIdToken answered ${res.status}`);
    },
    signIn: (authorizationUrl, sub) => signInAtProvider(issuer, authorizationUrl, sub),
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

async function signInAtProvider(issuer: string, authorizationUrl: string, sub: string): Promise<string> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  };
  let res = await send(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, issuer).href;
      if (!next.startsWith(issuer)) return next;
      res = await send(next);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`the provider answered ${res.status} without a login form: ${html.slice(0, 300)}`);
    res = await send(new URL(action.replace(/&amp;/g, '&'), issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }).toString(),
    });
  }
  throw new Error('the provider did not send the browser back within 10 steps');
}
