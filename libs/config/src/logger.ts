import type { DestinationStream } from 'pino';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/**
 * Structured logs (pino) for every process; credentials and session cookies never reach them.
 * They go to stdout unless a `destination` is given (tests read what was logged).
 */
export function loggerParams(config: AppConfig, name: string, destination?: DestinationStream): Params {
  return {
    pinoHttp: {
      name,
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // A signed item link's token is a credential too (GET /l/<token>, /links/<token>…), also
      // where /l/<token> redirects to (Location: /#/links/<token>).
      serializers: {
        // The path parameters repeat the URL unmasked (`{ path: ['l', '<token>'] }`), so only the masked URL is kept.
        req: ({ params: _params, ...req }: { url?: string; params?: unknown }) => ({ ...req, url: maskLinkTokens(req.url) }),
        res: (res: { headers?: Record<string, unknown> }) =>
          typeof res.headers?.location === 'string' ? { ...res, headers: { ...res.headers, location: maskLinkTokens(res.headers.location) } } : res,
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
      ...(destination ? { stream: destination } : {}),
    },
  };
}

/** Masks the token in `/l/<token>`, `/links/<token>/…` and the web app's `/#/links/<token>`: a signed item link opens an item without signing in. */
export function maskLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(/^\/(#\/)?(l|links)\/[^/?#]+/, '/$1$2/***');
}
