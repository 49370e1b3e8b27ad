import { hashApiToken, hashSessionId, isApiTokenShaped, isSessionIdShaped, newApiToken, newSessionId } from './secrets';

describe('secrets', () => {
  it('makes prefixed API tokens that are recognisably shaped and never repeat', () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a).toMatch(/^ffj_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isApiTokenShaped(a)).toBe(true);
    expect(isApiTokenShaped(a.slice(0, -1))).toBe(false);
    expect(isApiTokenShaped(a.replace('ffj_', 'xyz_'))).toBe(false);
  });

  it('hashes a token the same way every time, and differently for another token', () => {
    const token = newApiToken();
    expect(hashApiToken(token)).toBe(hashApiToken(token));
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(token)).not.toBe(hashApiToken(newApiToken()));
  });

  it('keys session ids with the secret, so another secret gives another hash', () => {
    const id = newSessionId();
    expect(isSessionIdShaped(id)).toBe(true);
    expect(isSessionIdShaped(`${id}.x`)).toBe(false);
    const secret = 's'.repeat(32);
    expect(hashSessionId(id, secret)).toBe(hashSessionId(id, secret));
    expect(hashSessionId(id, secret)).not.toBe(hashSessionId(id, 't'.repeat(32)));
  });
});
