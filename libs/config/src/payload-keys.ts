import { z } from 'zod';

// Keys of the Temporal payload codec and the origin of the Temporal Web UI that may call the
// codec endpoint. config.ts merges the fields into its schema and runs the check in its superRefine.

/** AES-256 needs exactly 32 bytes. */
export const PAYLOAD_KEY_BYTES = 32;

/** One payload key: its id travels in each encrypted payload's metadata, the key never does. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * `k2:<base64 of 32 bytes>,k1:<base64>`: the first key encrypts, every key decrypts (rotation).
 * Returns the keys or the reason the value is bad; the reason never contains key material.
 */
export function parsePayloadKeys(value: string): PayloadKey[] | string {
  const keys: PayloadKey[] = [];
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) return 'must list at least one key as <id>:<base64 of 32 bytes>';
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) return `key ${index + 1} must be <id>:<base64 of 32 bytes>, the id of letters, digits, '.', '_' or '-'`;
    if (keys.some((k) => k.id === id)) return `key id "${id}" appears twice`;
    // Node's base64 decoder takes the URL-safe alphabet too; the pattern stops it skipping junk.
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== PAYLOAD_KEY_BYTES) return `key "${id}" must be ${PAYLOAD_KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`;
    keys.push({ id, key });
  }
  return keys;
}

/** The keys as TEMPORAL_PAYLOAD_KEYS spells them, to hand to a child process. */
export function formatPayloadKeys(keys: readonly PayloadKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

/** An origin: scheme, host and optional port, nothing after it. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export const payloadKeyFields = {
  TEMPORAL_PAYLOAD_KEYS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .superRefine((v, ctx) => {
      const parsed = v === undefined ? [] : parsePayloadKeys(v);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    }),
  /** The Temporal Web UI's origin, allowed to call POST /codec/decode with credentials (CORS). */
  TEMPORAL_UI_ORIGIN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v?.replace(/\/$/, '')))
    .refine((v) => v === undefined || isOrigin(v), { message: 'must be an origin like https://temporal.kommun.se (no path)' }),
};

type PayloadKeyEnv = z.infer<z.ZodObject<typeof payloadKeyFields>> & { NODE_ENV: string; TEMPORAL_UI_PORT: number };

export function checkPayloadKeySettings(e: PayloadKeyEnv, ctx: z.RefinementCtx): void {
  if (e.NODE_ENV === 'production' && e.TEMPORAL_PAYLOAD_KEYS === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_PAYLOAD_KEYS'],
      message: 'is required when NODE_ENV=production (<id>:<base64 of 32 bytes>, e.g. `echo "k1:$(openssl rand -base64 32)"`)',
    });
  }
}

/**
 * Keys are unset outside production when none are configured: temporalPayloadKeys() then
 * keeps a generated key in DATA_DIR. The UI origin defaults to the embedded dev UI, except in
 * production, where only a configured origin may call the codec endpoint.
 */
export function payloadKeyConfig(e: PayloadKeyEnv): { payloadKeys?: PayloadKey[]; uiOrigins: string[] } {
  const parsed = e.TEMPORAL_PAYLOAD_KEYS === undefined ? undefined : parsePayloadKeys(e.TEMPORAL_PAYLOAD_KEYS);
  const embedded = [`http://localhost:${e.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`];
  return {
    payloadKeys: typeof parsed === 'string' ? undefined : parsed,
    uiOrigins: e.TEMPORAL_UI_ORIGIN !== undefined ? [e.TEMPORAL_UI_ORIGIN] : e.NODE_ENV === 'production' ? [] : embedded,
  };
}
