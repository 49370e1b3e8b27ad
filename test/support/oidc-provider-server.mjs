// Test-only OpenID Provider: panva's oidc-provider v9 as a real HTTP server on 127.0.0.1.
// Started as a child process by test/support/oidc-provider.ts (oidc-provider is ESM-only).
// Input: one JSON line in OIDC_TEST_CONFIG ({ clients, accounts, groupsClaim }).
// Output: one line `READY <issuer>` on stdout once it listens.
// Control (test only): PUT /__test/accounts/<sub> with a JSON account replaces that account;
// PUT /__test/next-id-token with { aud?, nonce?, expiresIn? } makes the next token response
// carry an ID token re-signed with the provider's own key but those claims changed: what a
// misconfigured or hostile provider would send, which the relying party must refuse.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const cfg = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = new Map(Object.entries(cfg.accounts ?? {}));
const groupsClaim = cfg.groupsClaim ?? 'groups';

const signingJwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
let nextIdToken = null;

/** Re-signs the ID token in a token endpoint response with the changes asked for. */
async function mutateTokenResponse(body, change) {
  const json = JSON.parse(body);
  if (typeof json.id_token !== 'string') return body;
  const claims = decodeJwt(json.id_token);
  const { kid } = decodeProtectedHeader(json.id_token);
  const now = Math.floor(Date.now() / 1000);
  const changed = { ...claims, ...(change.aud !== undefined ? { aud: change.aud } : {}), ...(change.nonce !== undefined ? { nonce: change.nonce } : {}) };
  if (change.expiresIn !== undefined) {
    changed.exp = now + change.expiresIn;
    changed.iat = Math.min(claims.iat, changed.exp - 60);
  }
  json.id_token = await new SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid }).sign(await importJWK(signingJwk, 'RS256'));
  return JSON.stringify(json);
}

let handler = null;
const server = http.createServer((req, res) => {
  if (req.url === '/__test/next-id-token' && req.method === 'PUT') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      nextIdToken = JSON.parse(body);
      res.writeHead(204).end();
    });
    return;
  }
  if (nextIdToken && req.method === 'POST' && req.url === '/token') {
    const change = nextIdToken;
    nextIdToken = null;
    // Buffer the provider's answer, change its ID token, then send it on.
    const chunks = [];
    const { writeHead, write, end } = res;
    let head = null;
    res.writeHead = (...args) => ((head = args), res);
    res.write = (chunk) => (chunks.push(Buffer.from(chunk)), true);
    res.end = (chunk) => {
      if (chunk) chunks.push(Buffer.from(chunk));
      mutateTokenResponse(Buffer.concat(chunks).toString(), change).then((out) => {
        res.writeHead = writeHead;
        res.write = write;
        res.end = end;
        if (head) res.statusCode = head[0];
        res.setHeader('content-length', Buffer.byteLength(out));
        res.end(out);
      });
      return res;
    };
  }
  const m = /^\/__test\/accounts\/([^/?]+)$/.exec(req.url ?? '');
  if (m && req.method === 'PUT') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      accounts.set(decodeURIComponent(m[1]), JSON.parse(body));
      res.writeHead(204).end();
    });
    return;
  }
  handler(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: cfg.clients ?? [],
    pkce: { required: () => true },
    // Put the scope-requested claims (email, name, groups) into the ID token, as Entra does.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // The groups claim comes with the profile scope: Entra sends it without a scope of its own.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', groupsClaim], groups: [groupsClaim] },
    scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
    cookies: { keys: ['test-only-cookie-key'] },
    jwks: { keys: [signingJwk] },
    ttl: { IdToken: cfg.idTokenTtl ?? 3600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { groups, ...rest } = account;
          return { sub, ...rest, ...(groups !== undefined ? { [groupsClaim]: groups } : {}) };
        },
      };
    },
    // No consent prompt: every client gets the scopes it asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile groups');
      grant.addOIDCClaims(['email', 'email_verified', 'name', groupsClaim]);
      await grant.save();
      return grant;
    },
  });
  handler = provider.callback();
  process.stdout.write(`READY ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
