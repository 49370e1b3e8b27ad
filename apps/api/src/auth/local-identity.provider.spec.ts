import type { Request } from 'express';
import type { Person } from '@fullfolj/database';
import type { ApiTokenService } from './api-tokens.service';
import { LocalIdentityProvider } from './local-identity.provider';
import type { SessionService } from './sessions.service';

const anna = { id: 'p1', name: 'Anna', email: 'anna@kommun.example', language: 'sv', canOwnProgrammes: true } as Person;
const token = `ffj_${'A'.repeat(43)}`;

function provider() {
  const sessions = { resolve: jest.fn((id: string) => Promise.resolve(id === 'good-session' ? anna : null)) };
  const tokens = { resolve: jest.fn((t: string) => Promise.resolve(t === token ? anna : null)) };
  return {
    sessions,
    tokens,
    identity: new LocalIdentityProvider(sessions as unknown as SessionService, tokens as unknown as ApiTokenService),
  };
}
const req = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

describe('LocalIdentityProvider', () => {
  it('takes a bearer token (scheme in any case)', async () => {
    const { identity } = provider();
    await expect(identity.authenticate(req({ authorization: `Bearer ${token}` }))).resolves.toMatchObject({ personId: 'p1', via: 'token' });
    await expect(identity.authenticate(req({ authorization: `bearer ${token}` }))).resolves.toMatchObject({ via: 'token' });
  });

  it('takes the session cookie', async () => {
    const { identity } = provider();
    await expect(identity.authenticate(req({ cookie: 'fullfolj_session=good-session' }))).resolves.toMatchObject({ personId: 'p1', via: 'session' });
  });

  it('judges a request with an Authorization header on that header alone', async () => {
    const { identity, sessions } = provider();
    const both = req({ authorization: 'Bearer ffj_wrong', cookie: 'fullfolj_session=good-session' });
    await expect(identity.authenticate(both)).resolves.toBeNull();
    await expect(identity.authenticate(req({ authorization: 'Basic YTpi', cookie: 'fullfolj_session=good-session' }))).resolves.toBeNull();
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('is null without credentials', async () => {
    const { identity, tokens, sessions } = provider();
    await expect(identity.authenticate(req({}))).resolves.toBeNull();
    expect(tokens.resolve).not.toHaveBeenCalled();
    expect(sessions.resolve).not.toHaveBeenCalled();
  });
});
