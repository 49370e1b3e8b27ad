import { createHmac } from 'node:crypto';

/** The request header a client names an act with, so that repeating the request cannot act twice. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Methods that change something; a key on GET and HEAD is ignored (they change nothing anyway). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Keys are kept (and a retry recognised) this long at least; older rows are swept. */
export const IDEMPOTENCY_KEEP_HOURS = 24;

/**
 * An attempt still "in progress" after this long is presumed dead (the API process died
 * mid-act) and a retry acts again. Longer than any act takes: Temporal calls give up after
 * TEMPORAL_CALL_TIMEOUT_SECONDS (at most 60).
 */
export const IDEMPOTENCY_STALE_AFTER_SECONDS = 60;

/**
 * Routes the header does nothing on: sign-in, passwords and API tokens (their bodies and
 * answers hold secrets that must not be stored), the codec (its answers are decrypted
 * payloads) and SCIM tokens (the answer is the token). SCIM itself is not signed in as a person.
 * Matched as prefixes of the route's template, so the same list serves the interceptor
 * (`/auth/tokens/:id`) and the OpenAPI document (`/auth/tokens/{id}`).
 */
const NOT_COVERED = ['/auth/', '/codec/', '/admin/scim-tokens', '/scim/'];

/** Visible ASCII (0x21–0x7E), 1 to 255 characters: a UUID fits, and a typo is refused rather than guessed at. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return VALID_KEY.test(key);
}

/** Whether a signed-in request to this route template (Express `:id` or OpenAPI `{id}`) honours the header. */
export function idempotencyCovers(method: string, routeTemplate: string): boolean {
  if (!IDEMPOTENT_METHODS.has(method.toUpperCase())) return false;
  const path = routeTemplate.endsWith('/') ? routeTemplate : `${routeTemplate}/`;
  return !NOT_COVERED.some((prefix) => path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** JSON with object keys sorted at every depth: the same body however its keys were ordered. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 of the canonical body, keyed (HMAC) with a server secret: a body may hold a new
 * person's initial password, and a plain hash of it could be guessed at offline.
 */
export function bodyHash(secret: string | Buffer, body: unknown): string {
  return createHmac('sha256', secret).update(canonicalJson(body)).digest('hex');
}
