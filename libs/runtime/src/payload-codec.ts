import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/**
 * Encrypts every Temporal payload (workflow and activity inputs and results, signals, updates,
 * queries, memos) with AES-256-GCM before it leaves the process, so workflow histories hold no
 * comments, titles or names in plain text. Each payload names the key that encrypted it; the
 * first key encrypts and every key decrypts, so keys can be rotated. Payloads without the
 * encrypted encoding (histories written before encryption) pass through unchanged.
 * Shape as in Temporal's encryption sample (samples-typescript/encryption).
 */

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
export const METADATA_CIPHER = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKey {
  id: string;
  key: Uint8Array;
}

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');
const str = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Uint8Array>;
  private readonly encryptingKeyId: string;

  constructor(keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('PayloadEncryptionCodec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`payload key "${k.id}" must be 32 bytes`);
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.encryptingKeyId = keys[0].id;
  }

  // Synchronous work behind the codec's Promise interface; a throw in the executor rejects.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload))));
  }

  private encrypt(payload: Payload): Payload {
    const key = this.keys.get(this.encryptingKeyId) as Uint8Array;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too, so a payload cannot be passed off as another key's.
    cipher.setAAD(text(this.encryptingKeyId));
    // The whole payload, metadata included, so not even its encoding shows.
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: text(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: text(this.encryptingKeyId),
        [METADATA_CIPHER]: text(CIPHER),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    if (str(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = str(payload.metadata?.[METADATA_KEY_ID]);
    if (keyId === undefined) throw new ValueError('Encrypted payload without an encryption key id');
    const key = this.keys.get(keyId);
    if (key === undefined) throw new ValueError(`Encrypted payload names key "${keyId}", which is not in TEMPORAL_PAYLOAD_KEYS`);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(text(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(`Encrypted payload failed authentication with key "${keyId}" (altered, or a different key of that id)`);
    }
    const decoded = temporal.api.common.v1.Payload.decode(plain);
    return { metadata: decoded.metadata, data: decoded.data };
  }
}

/** The data converter for every Temporal client and worker: default JSON payloads, encrypted. */
export function encryptedDataConverter(keys: readonly CodecKey[]): DataConverter {
  return { payloadCodecs: [new PayloadEncryptionCodec(keys)] };
}
