import crypto, { type BinaryLike, type ScryptOptions } from 'node:crypto';
import { configurePasswordHashing, hashPassword, PasswordHashingBusyException, verifyPassword } from './passwords';

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

describe('password hashing concurrency', () => {
  // The real scrypt, watched at its boundary: how many calls have started and not yet called back.
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const realScrypt = crypto.scrypt;

  beforeEach(() => {
    inFlight = 0;
    peak = 0;
    calls = 0;
    jest.spyOn(crypto, 'scrypt').mockImplementation(((password: BinaryLike, salt: BinaryLike, length: number, options: ScryptOptions, done: (error: Error | null, key: Buffer) => void) => {
      calls += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      realScrypt(password, salt, length, options, (error, key) => {
        inFlight -= 1;
        done(error, key);
      });
    }) as unknown as typeof crypto.scrypt);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    configurePasswordHashing({ concurrency: 2, queueLimit: 100 });
  });

  it('runs at most the configured number of hashes at once; the rest wait their turn and all finish', async () => {
    configurePasswordHashing({ concurrency: 3, queueLimit: 100 });
    const stored = await hashPassword('rätt lösenord för testet');
    calls = 0;
    peak = 0;
    // A flood of sign-ins and new passwords at once, as the 32 parallel logins.
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? verifyPassword(i === 0 ? 'rätt lösenord för testet' : `fel ${i}`, stored) : hashPassword(`nytt lösenord ${i}`).then(Boolean))),
    );
    expect(calls).toBe(16);
    expect(peak).toBe(3);
    expect(inFlight).toBe(0);
    expect(results[0]).toBe(true);
    expect(results.filter((r, i) => i % 2 === 0 && r)).toHaveLength(1);
  }, 120_000);

  it('refuses with 503 (code busy) once the queue is full, and keeps serving after', async () => {
    configurePasswordHashing({ concurrency: 1, queueLimit: 2 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => hashPassword(`lösenord ${i}`)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const refusal = (outcomes[3] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(PasswordHashingBusyException);
    expect((refusal as PasswordHashingBusyException).getStatus()).toBe(503);
    expect((refusal as PasswordHashingBusyException).getResponse()).toMatchObject({ code: 'busy' });
    expect(peak).toBe(1);
    await expect(hashPassword('efteråt')).resolves.toMatch(/^scrypt\$/);
  }, 120_000);
});
