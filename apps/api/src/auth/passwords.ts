import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Password hashing with Node's built-in scrypt (RFC 7914), a random 16-byte salt per
 * password and a constant-time comparison. Parameters follow OWASP's Password Storage
 * Cheat Sheet (N=2^15, r=8, p=3: 32 MiB, about 0.1 s) and are stored with each hash,
 * so they can be raised later without invalidating existing passwords.
 *
 * Stored form: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`.
 */

export const MIN_PASSWORD_LENGTH = 12;
/** scrypt takes any length; this only bounds the work one request can cause. */
export const MAX_PASSWORD_LENGTH = 256;

interface Params {
  logN: number;
  r: number;
  p: number;
}

const CURRENT: Params = { logN: 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, CURRENT, KEY_LENGTH);
  return ['scrypt', CURRENT.logN, CURRENT.r, CURRENT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

function parse(stored: string): { params: Params; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  // Bounds keep a corrupt row from asking for gigabytes of memory.
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params: { logN, r, p }, salt, hash };
}

/**
 * How many hashes run at once. scrypt runs on libuv's thread pool, which file, DNS and zlib
 * work share: a flood of sign-ins must not take all of it (nor 32 MiB per hash). Excess hashes
 * wait their turn; beyond `queueLimit` waiting they are refused with 503. Process-wide.
 */
const slots = { concurrency: 2, queueLimit: 100, running: 0, waiting: [] as Array<() => void> };

export function configurePasswordHashing(options: { concurrency: number; queueLimit: number }): void {
  slots.concurrency = options.concurrency;
  slots.queueLimit = options.queueLimit;
}

/** Too many hashes are waiting: 503 with Retry-After (set by the caller that has the response). */
export class PasswordHashingBusyException extends HttpException {
  readonly retryAfterSeconds = 1;
  constructor() {
    super(
      { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', code: 'busy', message: 'Too many sign-ins are being checked right now; try again in a moment' },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.running < slots.concurrency) slots.running += 1;
  else {
    if (slots.waiting.length >= slots.queueLimit) throw new PasswordHashingBusyException();
    // The finishing hash hands its slot straight to us (running stays the same).
    await new Promise<void>((resolve) => slots.waiting.push(resolve));
  }
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.running -= 1;
  }
}

function derive(password: string, salt: Buffer, params: Params, length: number): Promise<Buffer> {
  return inSlot(() => scryptOnce(password, salt, params, length));
}

function scryptOnce(password: string, salt: Buffer, { logN, r, p }: Params, length: number): Promise<Buffer> {
  const N = 2 ** logN;
  // Unicode passwords hash the same whichever way a keyboard composed them (NIST SP 800-63B).
  const input = Buffer.from(password.normalize('NFKC'), 'utf8');
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(input, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
