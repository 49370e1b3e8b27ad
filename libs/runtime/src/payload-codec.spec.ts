import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadEncryptionCodec } from './payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const utf8 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const json = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);  

describe('PayloadEncryptionCodec', () => {
  const comment = 'hemlig-kommentar: Lars Berg är sjukskriven';

  it('encrypts the whole payload under the first key and decodes it back', async () => {
    const codec = new PayloadEncryptionCodec([key('k2'), key('k1')]);
    const original = json({ comment, title: 'Elevhälsa' });
    const [encoded] = await codec.encode([original]);

    expect(utf8(encoded.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(utf8(encoded.metadata?.[METADATA_KEY_ID])).toBe('k2');
    // Neither the text nor the inner encoding shows.
    expect(Buffer.from(encoded.data!).includes(Buffer.from('hemlig'))).toBe(false);  
    expect(Buffer.from(encoded.data!).includes(Buffer.from('json/plain'))).toBe(false);  

    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ comment, title: 'Elevhälsa' });
    expect(utf8(decoded.metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('uses a fresh IV each time, so equal values do not give equal ciphertexts', async () => {
    const codec = new PayloadEncryptionCodec([key('k1')]);
    const [a, b] = await codec.encode([json(comment), json(comment)]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);  
  });

  it('still decodes what an old key encrypted after a new key is put first (rotation)', async () => {
    const k1 = key('k1');
    const before = new PayloadEncryptionCodec([k1]);
    const [old] = await before.encode([json(comment)]);

    const after = new PayloadEncryptionCodec([key('k2'), k1]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([old]))[0])).toBe(comment);
    const [fresh] = await after.encode([json(comment)]);
    expect(utf8(fresh.metadata?.[METADATA_KEY_ID])).toBe('k2');
    // The old key alone cannot read what the new one wrote.
    await expect(before.decode([fresh])).rejects.toThrow('Encrypted payload names key "k2", which is not in TEMPORAL_PAYLOAD_KEYS');
  });

  it('refuses a payload whose key id it does not know, naming the id', async () => {
    const [encoded] = await new PayloadEncryptionCodec([key('gammal')]).encode([json(comment)]);
    await expect(new PayloadEncryptionCodec([key('k1')]).decode([encoded])).rejects.toThrow(/names key "gammal", which is not in TEMPORAL_PAYLOAD_KEYS/);
  });

  it('passes through payloads that were never encrypted (histories from before encryption)', async () => {
    const codec = new PayloadEncryptionCodec([key('k1')]);
    const plain = [json({ comment }), defaultPayloadConverter.toPayload(undefined), { data: Buffer.from('raw') }];  
    expect(await codec.decode(plain)).toEqual(plain);
  });

  it('refuses altered ciphertext, an altered key id and a different key with the same id', async () => {
    const k1 = key('k1');
    const codec = new PayloadEncryptionCodec([k1, key('k0')]);
    const [encoded] = await codec.encode([json(comment)]);

    const flipped = Buffer.from(encoded.data!);  
    flipped[20] ^= 0x01;
    await expect(codec.decode([{ ...encoded, data: flipped }])).rejects.toThrow(/failed authentication with key "k1"/);

    // Relabelled as the other key the codec knows: the key id is authenticated data.
    const relabelled = { ...encoded, metadata: { ...encoded.metadata, [METADATA_KEY_ID]: Buffer.from('k0') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication with key "k0"/);

    await expect(new PayloadEncryptionCodec([key('k1')]).decode([encoded])).rejects.toThrow(/failed authentication with key "k1"/);
    await expect(codec.decode([{ ...encoded, data: Buffer.alloc(10) }])).rejects.toThrow(/too short/);
  });

  it('refuses keys that are not 32 bytes, without showing them', () => {
    expect(() => new PayloadEncryptionCodec([{ id: 'k1', key: Buffer.from('short') }])).toThrow('payload key "k1" must be 32 bytes');
    expect(() => new PayloadEncryptionCodec([])).toThrow(/at least one key/);
  });
});
