import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, linkSigningSecret, loadConfig, sessionSecret } from './config';
import { maskLinkTokens } from './logger';

describe('LINK_SIGNING_SECRET and LINK_TTL_DAYS', () => {
  const secret = 'k'.repeat(32);

  it('is required in production, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret })).toThrow(/LINK_SIGNING_SECRET is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, LINK_SIGNING_SECRET: secret, TEMPORAL_PAYLOAD_KEYS: `k1:${'A'.repeat(43)}=` }).links.signingSecret).toBe(secret);
  });

  it('must be at least 32 characters, and a bad value is never echoed', () => {
    try {
      loadConfig({ LINK_SIGNING_SECRET: 'too-short-link-secret' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/LINK_SIGNING_SECRET must be at least 32 characters/);
      expect((error as Error).message).not.toContain('too-short-link-secret');
    }
  });

  it('links live 30 days unless LINK_TTL_DAYS says otherwise (1–365)', () => {
    expect(loadConfig({}).links).toEqual({ signingSecret: undefined, ttlDays: 30 });
    expect(loadConfig({ LINK_TTL_DAYS: '7' }).links.ttlDays).toBe(7);
    expect(() => loadConfig({ LINK_TTL_DAYS: '0' })).toThrow(/LINK_TTL_DAYS must be between 1 and 365/);
    expect(() => loadConfig({ LINK_TTL_DAYS: 'soon' })).toThrow(/LINK_TTL_DAYS must be a number/);
  });
});

describe('linkSigningSecret', () => {
  const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fullfolj-link-secret-'));

  it('returns LINK_SIGNING_SECRET when set, without touching DATA_DIR', () => {
    const dir = path.join(tempDir(), 'absent');
    expect(linkSigningSecret(loadConfig({ LINK_SIGNING_SECRET: 'q'.repeat(40), DATA_DIR: dir }))).toBe('q'.repeat(40));
    expect(() => statSync(dir)).toThrow();
  });

  it('keeps a generated secret in DATA_DIR/link-signing-secret (0600), stable and apart from the session secret', () => {
    const dir = path.join(tempDir(), 'data');
    const first = linkSigningSecret(loadConfig({ DATA_DIR: dir }));
    const file = path.join(dir, 'link-signing-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(linkSigningSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
    expect(sessionSecret(loadConfig({ DATA_DIR: dir }))).not.toBe(first);
  });
});

describe('maskLinkTokens', () => {
  it('keeps link tokens (credentials) out of request logs', () => {
    expect(maskLinkTokens('/l/AAAA.BBBB')).toBe('/l/***');
    expect(maskLinkTokens('/links/AAAA.BBBB/complete')).toBe('/links/***/complete');
    expect(maskLinkTokens('/links/AAAA.BBBB?x=1')).toBe('/links/***?x=1');
    expect(maskLinkTokens('/programmes/abc')).toBe('/programmes/abc');
    expect(maskLinkTokens(undefined)).toBeUndefined();
  });
});
