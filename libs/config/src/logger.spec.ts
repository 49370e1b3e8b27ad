import type { Params } from 'nestjs-pino';
import { type AppConfig, loadConfig } from './config';
import { childLogFormatter, loggerParams, maskLinkTokens } from './logger';

describe('maskLinkTokens', () => {
  it("masks the token where /l/<token> redirects to, the web app's link route", () => {
    expect(maskLinkTokens('/#/links/AAAA.BBBB')).toBe('/#/links/***');
    expect(maskLinkTokens('/#/links/AAAA.BBBB?x=1')).toBe('/#/links/***?x=1');
    expect(maskLinkTokens('/#/programmes/abc')).toBe('/#/programmes/abc');
  });
});

describe('readable logs', () => {
  // Only `env` matters here; production's required secrets are beside the point.
  const config = (env: AppConfig['env']): AppConfig => ({ ...loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info' }), env });
  const transportOf = (params: Params) => (params.pinoHttp as { transport?: { target: string } }).transport;

  it('pretty-prints (pino-pretty) when stdout is a terminal', () => {
    expect(transportOf(loggerParams(config('development'), 'api', undefined, { isTTY: true }))).toMatchObject({ target: expect.stringMatching(/node_modules\/pino-pretty\//) });
    // A production container started with a terminal (docker run -t) too.
    expect(transportOf(loggerParams(config('production'), 'api', undefined, { isTTY: true }))).toMatchObject({ target: expect.stringMatching(/node_modules\/pino-pretty\//) });
  });

  it('writes JSON when stdout is not a terminal, in tests, and to a given destination', () => {
    for (const output of [{ isTTY: false }, {}]) expect(transportOf(loggerParams(config('production'), 'worker', undefined, output))).toBeUndefined();
    expect(transportOf(loggerParams(config('test'), 'api', undefined, { isTTY: true }))).toBeUndefined();
    const destination = { write: () => undefined };
    const params = loggerParams(config('development'), 'api', destination, { isTTY: true });
    expect(transportOf(params)).toBeUndefined();
    expect((params.pinoHttp as { stream?: unknown }).stream).toBe(destination);
  });

  it("npm start shows its children's JSON lines readably at a terminal, and as they are otherwise", () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 5, 8, 30), pid: 1, hostname: 'h', name: 'api', msg: 'Nest application successfully started' });
    const pretty = childLogFormatter({ isTTY: true })(line);
    expect(pretty).not.toBe(line);
    expect(() => JSON.parse(pretty)).toThrow();
    expect(pretty).toContain('Nest application successfully started');
    expect(pretty).toContain('INFO');
    expect(pretty).not.toMatch(/\n$/);
    // Lines that are not pino's (the Temporal SDK's own, a stack trace) pass unchanged.
    for (const other of ['2026-01-05T08:30:00Z [INFO] Worker state changed', '{"not":"pino"}', '{broken']) expect(childLogFormatter({ isTTY: true })(other)).toBe(other);
    expect(childLogFormatter({ isTTY: false })(line)).toBe(line);
    expect(childLogFormatter({})(line)).toBe(line);
  });
});
