import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('korrekt häst batteri');
    expect(stored).toMatch(/^scrypt\$15\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword('korrekt häst batteri', stored)).resolves.toBe(true);
    await expect(verifyPassword('korrekt häst batteri ', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('samma lösenord'), hashPassword('samma lösenord')]);
    expect(a).not.toBe(b);
  });

  it('treats composed and decomposed Unicode alike', async () => {
    const stored = await hashPassword('lösenord-för-skolan'.normalize('NFC'));
    await expect(verifyPassword('lösenord-för-skolan'.normalize('NFD'), stored)).resolves.toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuv'],
    ['absurd cost', 'scrypt$40$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['truncated', 'scrypt$15$8$3$c2FsdA'],
  ])('rejects an unreadable stored hash (%s) instead of throwing', async (_, stored) => {
    await expect(verifyPassword('whatever', stored)).resolves.toBe(false);
  });
});
