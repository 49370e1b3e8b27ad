// Test-only OpenID Provider: panva's oidc-provider v9 as a real HTTP server on 127.0.0.1.
// Started as a child process by test/support/oidc-provider.ts (oidc-provider is ESM-only).
// Input: one JSON line in OIDC_TEST_CONFIG ({ clients, accounts, groupsClaim }).
// Output: one line `READY <issuer>` on stdout once it listens.
// Control (test only): PUT /__test/accounts/<sub> with a JSON account replaces that account.
import http from 'node:http';
import Provider from 'oidc-provider';

const cfg = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = new Map(Object.entries(cfg.accounts ?? {}));
const groupsClaim = cfg.groupsClaim ?? 'groups';

let handler = null;
const server = http.createServer((req, res) => {
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
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: [groupsClaim] },
    scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
    cookies: { keys: ['test-only-cookie-key'] },
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
