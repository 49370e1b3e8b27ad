import { issueItemLink, itemLinkUrl, signItemLink, verifyItemLink } from './item-link';

describe('item links', () => {
  const secret = 'a-link-signing-secret-of-at-least-32-chars';
  const itemId = '6f1c1c1e-8a0e-4c3f-9d4b-2f6f0a1b2c3d';
  const personId = '0b7e4c1a-5d2f-4e8a-b1c9-7a6d5e4f3a2b';
  const now = new Date('2027-02-01T07:00:00Z');

  it('round-trips item, person and expiry (30 days by default), and fits in a URL', () => {
    const { token, expiresAt } = issueItemLink({ itemId, personId, now }, secret);
    expect(expiresAt.toISOString()).toBe('2027-03-03T07:00:00.000Z');
    expect(token).toMatch(/^[A-Za-z0-9_-]{55}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyItemLink(token, secret, now)).toEqual({ ok: true, link: { itemId, personId, expiresAt } });
    expect(itemLinkUrl('https://fullfolj.kommun.se/', token)).toBe(`https://fullfolj.kommun.se/l/${token}`);
  });

  it('holds until its expiry and no longer', () => {
    const { token, expiresAt } = issueItemLink({ itemId, personId, ttlDays: 7, now }, secret);
    expect(verifyItemLink(token, secret, new Date(expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(verifyItemLink(token, secret, expiresAt)).toEqual({ ok: false, reason: 'expired', link: { itemId, personId, expiresAt } });
    expect(verifyItemLink(token, secret, new Date('2028-01-01T00:00:00Z')).ok).toBe(false);
  });

  it('rejects a token whose payload was altered: another item, another person, a later expiry', () => {
    const token = signItemLink({ itemId, personId, expiresAt: new Date('2027-02-02T00:00:00Z') }, secret);
    const [payload, signature] = token.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    for (const offset of [1, 20, 40]) {
      const changed = Buffer.from(bytes);
      changed[offset] = changed[offset] ^ 0x01;
      expect(verifyItemLink(`${changed.toString('base64url')}.${signature}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    }
    // Someone else's valid signature does not transfer either.
    const other = signItemLink({ itemId, personId: '11111111-2222-4333-8444-555555555555', expiresAt: new Date('2027-02-02T00:00:00Z') }, secret);
    expect(verifyItemLink(`${payload}.${other.split('.')[1]}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a token signed with another secret, and says so before saying it expired', () => {
    const token = signItemLink({ itemId, personId, expiresAt: new Date('2020-01-01T00:00:00Z') }, 'another-secret-that-is-also-32-characters-long');
    expect(verifyItemLink(token, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abc'],
    ['three parts', 'a.b.c'],
    ['not base64url', 'ab+c.de/f'],
    ['short payload', 'AQID.AQID'],
    ['a UUID', itemId],
  ])('calls a %s token malformed', (_, token) => {
    expect(verifyItemLink(token, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('calls an unknown version or a non-canonical encoding malformed', () => {
    const token = signItemLink({ itemId, personId, expiresAt: new Date('2027-03-01T00:00:00Z') }, secret);
    const [payload, signature] = token.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[0] = 2;
    expect(verifyItemLink(`${bytes.toString('base64url')}.${signature}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    // The last base64url character of the signature carries 2 unused bits; flipping one of them must not yield a second valid token.
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 0x01];
    expect(verifyItemLink(`${payload}.${signature.slice(0, -1)}${twin}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses ids that are not UUIDs and secrets that are too short', () => {
    expect(() => signItemLink({ itemId: 'nope', personId, expiresAt: now }, secret)).toThrow(/itemId must be a UUID/);
    expect(() => signItemLink({ itemId, personId: 'x', expiresAt: now }, secret)).toThrow(/personId must be a UUID/);
    expect(() => signItemLink({ itemId, personId, expiresAt: now }, 'short')).toThrow(/at least 32 characters/);
    expect(() => verifyItemLink('a.b', 'short')).toThrow(/at least 32 characters/);
  });
});
