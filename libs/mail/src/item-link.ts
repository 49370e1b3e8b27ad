import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links in e-mail: a token that names one item (assignment) and one
 * person, valid until a given instant, signed with HMAC-SHA256 under LINK_SIGNING_SECRET.
 * Whoever holds the token may open that item and mark it done as that person, and
 * nothing else; the API checks that the person is still the item's responsible.
 *
 * Token: `<payload>.<signature>`, both base64url without padding.
 *   payload   = version (1 byte, 1) · item id (16 bytes) · person id (16 bytes) · expiry (8 bytes, Unix seconds, big-endian)
 *   signature = HMAC-SHA256(secret, "fullfolj:item-link:v1" · 0x00 · payload) (32 bytes)
 * The payload is readable by anyone who has the link (ids and expiry only, no names).
 */

export interface ItemLink {
  itemId: string;
  personId: string;
  /** The link stops working at this instant (seconds precision). */
  expiresAt: Date;
}

export type ItemLinkCheck =
  | { ok: true; link: ItemLink }
  /** Not a token at all (HTTP 400). */
  | { ok: false; reason: 'malformed' }
  /** Not signed with our secret, or altered (HTTP 404: we do not say which). */
  | { ok: false; reason: 'bad_signature' }
  /** Genuine but past its expiry (HTTP 410). */
  | { ok: false; reason: 'expired'; link: ItemLink };

export const DEFAULT_LINK_TTL_DAYS = 30;

const VERSION = 1;
const CONTEXT = Buffer.from('fullfolj:item-link:v1\0', 'utf8');
const PAYLOAD_BYTES = 1 + 16 + 16 + 8;
const SIGNATURE_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MIN_SECRET_LENGTH = 32;

/** Makes a token for `link`. Throws on ids that are not UUIDs or a secret shorter than 32 characters. */
export function signItemLink(link: ItemLink, secret: string): string {
  requireSecret(secret);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  uuidBytes(link.itemId, 'itemId').copy(payload, 1);
  uuidBytes(link.personId, 'personId').copy(payload, 17);
  const seconds = Math.floor(link.expiresAt.getTime() / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error('expiresAt must be a valid date');
  payload.writeBigUInt64BE(BigInt(seconds), 33);
  return `${payload.toString('base64url')}.${sign(payload, secret).toString('base64url')}`;
}

/** A token for (item, person) that expires `ttlDays` after `now`. */
export function issueItemLink(
  input: { itemId: string; personId: string; ttlDays?: number; now?: Date },
  secret: string,
): { token: string; expiresAt: Date } {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (input.ttlDays ?? DEFAULT_LINK_TTL_DAYS) * 24 * 60 * 60 * 1000);
  return { token: signItemLink({ itemId: input.itemId, personId: input.personId, expiresAt }, secret), expiresAt };
}

/**
 * Checks a token: its shape first, then the signature (in constant time), then expiry,
 * so a forged token never learns whether it would have expired.
 */
export function verifyItemLink(token: string, secret: string, now: Date = new Date()): ItemLinkCheck {
  requireSecret(secret);
  if (typeof token !== 'string' || token.length > 200) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) return { ok: false, reason: 'malformed' };
  const payload = Buffer.from(parts[0], 'base64url');
  const signature = Buffer.from(parts[1], 'base64url');
  if (payload.length !== PAYLOAD_BYTES || signature.length !== SIGNATURE_BYTES || payload.readUInt8(0) !== VERSION) {
    return { ok: false, reason: 'malformed' };
  }
  // Canonical encoding only: a token re-encoded with other trailing bits is not the one we issued.
  if (payload.toString('base64url') !== parts[0] || signature.toString('base64url') !== parts[1]) return { ok: false, reason: 'malformed' };
  if (!timingSafeEqual(signature, sign(payload, secret))) return { ok: false, reason: 'bad_signature' };
  const link: ItemLink = {
    itemId: uuidText(payload.subarray(1, 17)),
    personId: uuidText(payload.subarray(17, 33)),
    expiresAt: new Date(Number(payload.readBigUInt64BE(33)) * 1000),
  };
  if (now.getTime() >= link.expiresAt.getTime()) return { ok: false, reason: 'expired', link };
  return { ok: true, link };
}

/** The address in an e-mail: `${baseUrl}/l/<token>` (the API redirects it to the web app). */
export function itemLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/l/${token}`;
}

function sign(payload: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(payload).digest();
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the link signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function uuidBytes(id: string, name: string): Buffer {
  if (!UUID.test(id)) throw new Error(`${name} must be a UUID`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
