import path from 'node:path';
import { ConfigError, loadConfig, redactUrl, requireServices } from './config';

describe('loadConfig', () => {
  it('falls back to embedded defaults when nothing is configured', () => {
    const config = loadConfig({});
    expect(config.api.port).toBe(3000);
    expect(config.api.baseUrl).toBe('http://localhost:3000');
    expect(config.temporal.address).toBeUndefined();
    expect(config.database.url).toBeUndefined();
    expect(config.smtp.url).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.temporal.namespace).toBe('default');
  });

  it('takes existing servers from the environment', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      DATABASE_URL: 'postgres://app:secret@db:5432/fullfolj',
      SMTP_URL: 'smtp://relay.kommun.se:587',
      API_PORT: '8080',
    });
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.database.url).toBe('postgres://app:secret@db:5432/fullfolj');
    expect(config.smtp.url).toBe('smtp://relay.kommun.se:587');
    expect(config.api.port).toBe(8080);
    expect(requireServices(config).database.url).toBe('postgres://app:secret@db:5432/fullfolj');
  });

  it('shows the embedded mail folder to the development outbox, never in production', () => {
    expect(loadConfig({ DEV_MAIL_DIR: 'data/mail' }).smtp.devMailDir).toBe(path.resolve('data/mail'));
    expect(loadConfig({}).smtp.devMailDir).toBeUndefined();
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), LINK_SIGNING_SECRET: 'y'.repeat(40), TEMPORAL_PAYLOAD_KEYS: `k1:${'A'.repeat(43)}=`, DEV_MAIL_DIR: 'data/mail' };
    expect(loadConfig(production).smtp.devMailDir).toBeUndefined();
  });

  it('takes worker and pool tuning, keeping library defaults when unset', () => {
    expect(loadConfig({}).worker).toEqual({ maxCachedWorkflows: undefined, maxConcurrentActivities: undefined, maxConcurrentWorkflowTasks: undefined });
    expect(loadConfig({}).database.poolSize).toBe(20);
    const tuned = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2000', WORKER_MAX_CONCURRENT_ACTIVITIES: '200', DATABASE_POOL_SIZE: '40' });
    expect(tuned.worker).toMatchObject({ maxCachedWorkflows: 2000, maxConcurrentActivities: 200 });
    expect(tuned.database.poolSize).toBe(40);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS must be a whole number between 1 and 100000/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE must be a number/);
  });

  it('traces only with an OTLP endpoint', () => {
    expect(loadConfig({}).tracing).toEqual({ endpoint: undefined });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing).toEqual({ endpoint: undefined });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).tracing).toEqual({ endpoint: 'http://otel-collector:4318' });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '' }).database.url).toBeUndefined();
  });

  it.each([
    ['API_PORT', 'abc', /API_PORT must be a number/],
    ['API_PORT', '70000', /API_PORT must be between 1 and 65535/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL must be a URL like postgres:/],
    ['SMTP_URL', 'not a url', /SMTP_URL must be a URL like smtp:/],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233', /TEMPORAL_ADDRESS must be host:port/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['NODE_ENV', 'staging', /NODE_ENV must be development, production or test/],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel-collector:4318', /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reports every bad variable at once and never prints a password', () => {
    try {
      loadConfig({ API_PORT: '0', DATABASE_URL: 'mysql://app:hunter2@db/x' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('requireServices names each missing service', () => {
    expect(() => requireServices(loadConfig({}))).toThrow(/TEMPORAL_ADDRESS is not set[\s\S]*DATABASE_URL is not set[\s\S]*SMTP_URL is not set/);
  });

  it('redactUrl hides the password', () => {
    expect(redactUrl('postgres://app:secret@db:5432/x')).toBe('postgres://app:***@db:5432/x');
  });
});
