import { bodyHash, canonicalJson, idempotencyCovers, isValidIdempotencyKey } from './idempotency-key';

describe('Idempotency-Key helpers', () => {
  it('sees the same body in any key order, and a different one as different', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
    expect(bodyHash('k', { a: 1, b: 2 })).toBe(bodyHash('k', { b: 2, a: 1 }));
    expect(bodyHash('k', { a: 1 })).not.toBe(bodyHash('k', { a: '1' }));
    expect(bodyHash('k', { a: 1 })).not.toBe(bodyHash('other key', { a: 1 }));
    // No body and an empty one are told apart.
    expect(bodyHash('k', undefined)).not.toBe(bodyHash('k', {}));
  });

  it('takes 1 to 255 visible ASCII characters', () => {
    expect(['a', 'k'.repeat(255), '0b6f7c52-2b9e-4f4e-9d7a-3f1c2a9e8d41', '!~'].every(isValidIdempotencyKey)).toBe(true);
    expect(['', 'k'.repeat(256), 'a b', 'ö', 'a\tb', 'a\u0000'].some(isValidIdempotencyKey)).toBe(false);
  });

  it('covers state-changing routes except sign-in, secrets and the codec, in Express and OpenAPI spelling', () => {
    expect(idempotencyCovers('POST', '/programmes/:id/assignments')).toBe(true);
    expect(idempotencyCovers('delete', '/programmes/{id}/roles/{personId}/{role}')).toBe(true);
    expect(idempotencyCovers('GET', '/programmes')).toBe(false);
    expect(idempotencyCovers('POST', '/auth/login')).toBe(false);
    expect(idempotencyCovers('POST', '/auth/tokens')).toBe(false);
    expect(idempotencyCovers('POST', '/admin/scim-tokens')).toBe(false);
    expect(idempotencyCovers('DELETE', '/admin/scim-tokens/{id}')).toBe(false);
    expect(idempotencyCovers('POST', '/admin/scim-tokensx')).toBe(true);
    expect(idempotencyCovers('POST', '/codec/decode')).toBe(false);
    expect(idempotencyCovers('POST', '/admin/people/:id/erasure')).toBe(true);
  });
});
