import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The random secrets that stand for a signed-in person: API tokens and session ids.
 * Both carry 256 bits from the OS's CSPRNG; the database keeps only a hash of each,
 * so a leaked table does not let anyone in.
 */

/** Prefix that makes a leaked token recognisable to secret scanners and people. */
export const API_TOKEN_PREFIX = 'ffj_';
const RANDOM_PART = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isApiTokenShaped(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX) && RANDOM_PART.test(token.slice(API_TOKEN_PREFIX.length));
}

/**
 * SHA-256 suffices for tokens (unlike passwords): 256 random bits cannot be guessed.
 * Unkeyed on purpose, so rotating SESSION_SECRET does not break API clients.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function isSessionIdShaped(id: string): boolean {
  return RANDOM_PART.test(id);
}

/** Keyed with SESSION_SECRET: rotating the secret ends every session. */
export function hashSessionId(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('hex');
}
