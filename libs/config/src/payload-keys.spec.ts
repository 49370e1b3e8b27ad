import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, temporalPayloadKeys } from './config';
import { formatPayloadKeys } from './payload-keys';
import { workerProcessEnv } from './service-env';

const b64 = (bytes = 32) => randomBytes(bytes).toString('base64');
const secret = 's'.repeat(32);
const production = { NODE_ENV: 'production', SESSION_SECRET: secret, LINK_SIGNING_SECRET: secret };

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected ConfigError');
}

describe('TEMPORAL_PAYLOAD_KEYS', () => {
  it('reads id:base64 pairs, the first one encrypting', () => {
    const [k2, k1] = [b64(), b64()];
    const keys = loadConfig({ TEMPORAL_PAYLOAD_KEYS: `k2:${k2}, k1:${k1}` }).temporal.payloadKeys;
    expect(keys?.map((k) => [k.id, k.key.toString('base64')])).toEqual([
      ['k2', k2],
      ['k1', k1],
    ]);
    expect(formatPayloadKeys(keys ?? [])).toBe(`k2:${k2},k1:${k1}`);
  });

  it('refuses keys that are not 32 bytes, duplicate ids and bad shapes, naming the variable and never echoing the key', () => {
    const short = b64(16);
    for (const [value, reason] of [
      [`k1:${short}`, 'key "k1" must be 32 bytes in base64'],
      [`k1:${b64()},k1:${b64()}`, 'key id "k1" appears twice'],
      [b64(), 'key 1 must be <id>:<base64 of 32 bytes>'],
      [`k1:${'!'.repeat(44)}`, 'key "k1" must be 32 bytes in base64'],
    ]) {
      const message = configError({ TEMPORAL_PAYLOAD_KEYS: value });
      expect(message).toContain(`TEMPORAL_PAYLOAD_KEYS ${reason}`);
      expect(message).not.toContain(value.split(',')[0].split(':').pop());
    }
  });

  it('is required in production', () => {
    expect(configError(production)).toMatch(/TEMPORAL_PAYLOAD_KEYS is required when NODE_ENV=production/);
    expect(loadConfig({ ...production, TEMPORAL_PAYLOAD_KEYS: `k1:${b64()}` }).temporal.payloadKeys).toHaveLength(1);
  });

  it('goes to a worker process with the other settings', () => {
    const value = `k1:${b64()}`;
    const config = loadConfig({ TEMPORAL_PAYLOAD_KEYS: value, TEMPORAL_ADDRESS: 'x:1', DATABASE_URL: 'postgres://h/d', SMTP_URL: 'smtp://h:25' });
    expect(workerProcessEnv(config as Parameters<typeof workerProcessEnv>[0]).TEMPORAL_PAYLOAD_KEYS).toBe(value);
  });
});

describe('temporalPayloadKeys', () => {
  const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fullfolj-payload-key-'));

  it('returns the configured keys without touching DATA_DIR', () => {
    const dir = path.join(tempDir(), 'absent');
    expect(temporalPayloadKeys(loadConfig({ TEMPORAL_PAYLOAD_KEYS: `k1:${b64()}`, DATA_DIR: dir })).map((k) => k.id)).toEqual(['k1']);
    expect(() => statSync(dir)).toThrow();
  });

  it('keeps one generated 32-byte key in DATA_DIR/temporal-payload-key (0600), the same for every process', () => {
    const dir = path.join(tempDir(), 'data');
    const [first] = temporalPayloadKeys(loadConfig({ DATA_DIR: dir }));
    expect(first.key).toHaveLength(32);
    const file = path.join(dir, 'temporal-payload-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(`${first.id}:${first.key.toString('base64')}`);
    expect(temporalPayloadKeys(loadConfig({ DATA_DIR: dir }))[0].key.equals(first.key)).toBe(true);
  });

  it('never generates one in production', () => {
    const config = loadConfig({ ...production, TEMPORAL_PAYLOAD_KEYS: `k1:${b64()}` });
    expect(() => temporalPayloadKeys({ ...config, temporal: { ...config.temporal, payloadKeys: undefined } })).toThrow(/TEMPORAL_PAYLOAD_KEYS is required when NODE_ENV=production/);
  });
});

describe('TEMPORAL_UI_ORIGIN', () => {
  it('defaults to the embedded Web UI outside production and to none in production', () => {
    expect(loadConfig({}).temporal.uiOrigins).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(loadConfig({ ...production, TEMPORAL_PAYLOAD_KEYS: `k1:${b64()}` }).temporal.uiOrigins).toEqual([]);
  });

  it('takes one origin, without a path', () => {
    expect(loadConfig({ TEMPORAL_UI_ORIGIN: 'https://temporal.kommun.se/' }).temporal.uiOrigins).toEqual(['https://temporal.kommun.se']);
    expect(configError({ TEMPORAL_UI_ORIGIN: 'https://temporal.kommun.se/ui' })).toMatch(/TEMPORAL_UI_ORIGIN must be an origin/);
    expect(configError({ TEMPORAL_UI_ORIGIN: 'temporal' })).toMatch(/TEMPORAL_UI_ORIGIN must be an origin/);
  });
});
