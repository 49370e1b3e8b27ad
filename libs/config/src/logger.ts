import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/** Structured logs (pino) for every process; credentials and session cookies never reach them. */
export function loggerParams(config: AppConfig, name: string): Params {
  return {
    pinoHttp: {
      name,
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.params.token'],
      // A signed item link's token is a credential too (GET /l/<token>, /links/<token>…).
      serializers: { req: (req: { url?: string }) => ({ ...req, url: maskLinkTokens(req.url) }) },
      autoLogging: { ignore: (req) => req.url === '/health' },
    },
  };
}

/** Masks the token in `/l/<token>` and `/links/<token>/…`: a signed item link opens an item without signing in. */
export function maskLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(/^\/(l|links)\/[^/?#]+/, '/$1/***');
}
