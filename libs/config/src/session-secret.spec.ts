import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, sessionSecret } from './config';

describe('SESSION_SECRET', () => {
  const secret = 'x'.repeat(32);

  it('is required in production, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, LINK_SIGNING_SECRET: secret, TEMPORAL_PAYLOAD_KEYS: `k1:${'A'.repeat(43)}=` }).session.secret).toBe(secret);
  });

  it('must be at least 32 characters, and a bad value is never echoed', () => {
    try {
      loadConfig({ SESSION_SECRET: 'hunter2-is-too-short' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/SESSION_SECRET must be at least 32 characters/);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('is optional in development and test', () => {
    expect(loadConfig({}).session.secret).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: '' }).session.secret).toBeUndefined();
  });
});

describe('sessionSecret', () => {
  const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fullfolj-secret-'));

  it('returns SESSION_SECRET when set, without touching DATA_DIR', () => {
    const dir = path.join(tempDir(), 'absent');
    expect(sessionSecret(loadConfig({ SESSION_SECRET: 'y'.repeat(40), DATA_DIR: dir }))).toBe('y'.repeat(40));
    expect(() => statSync(dir)).toThrow();
  });

  it('keeps a generated secret in DATA_DIR/session-secret (0600), the same one on every start', () => {
    const dir = path.join(tempDir(), 'data');
    const config = loadConfig({ DATA_DIR: dir });
    const first = sessionSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'session-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(sessionSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
  });

  it('tightens a readable file to 0600 and rejects one that is too short', () => {
    const dir = tempDir();
    const file = path.join(dir, 'session-secret');
    writeFileSync(file, `${'z'.repeat(32)}\n`, { mode: 0o644 });
    expect(sessionSecret(loadConfig({ DATA_DIR: dir }))).toBe('z'.repeat(32));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'short');
    expect(() => sessionSecret(loadConfig({ DATA_DIR: dir }))).toThrow(/at least 32 characters/);
  });
});
