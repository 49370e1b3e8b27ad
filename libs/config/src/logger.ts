import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/** Where a process writes its logs: only whether it is a terminal matters here. */
export interface LogOutput {
  isTTY?: boolean;
}

/** Readable lines for a person at a terminal; JSON for pipes, files and log collectors (containers). */
export function readableLogs(output: LogOutput = process.stdout): boolean {
  return output.isTTY === true;
}

// An absolute path: pino resolves a bare target from its caller, which differs in dist, bundles and `node -e`.
const PRETTY_TARGET = require.resolve('pino-pretty');
const PRETTY_OPTIONS = { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' };

/**
 * Structured logs (pino) for every process; credentials and session cookies never reach them.
 * They go to stdout unless a `destination` is given (tests read what was logged): pretty-printed
 * (pino-pretty) when stdout is a terminal, one JSON object a line otherwise.
 */
export function loggerParams(config: AppConfig, name: string, destination?: DestinationStream, output: LogOutput = process.stdout): Params {
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
      // Tests at a terminal keep JSON: jest prints its own output, and a transport is a thread per app.
      ...(destination ? { stream: destination } : config.env !== 'test' && readableLogs(output) ? { transport: { target: PRETTY_TARGET, options: PRETTY_OPTIONS } } : {}),
    },
  };
}

/**
 * How `npm start` shows a line its API or worker wrote: their stdout is a pipe, so they log
 * JSON; at a terminal each pino line is pretty-printed here, anything else passes as it is.
 */
export function childLogFormatter(output: LogOutput = process.stdout): (line: string) => string {
  if (!readableLogs(output)) return (line) => line;
  const pretty = prettyFactory(PRETTY_OPTIONS);
  return (line) => {
    if (!line.startsWith('{')) return line;
    try {
      const entry: unknown = JSON.parse(line);
      if (typeof entry !== 'object' || entry === null || !('level' in entry) || !('time' in entry)) return line;
      return pretty(entry).replace(/\n$/, '');
    } catch {
      return line;
    }
  };
}

/** Masks the token in `/l/<token>`, `/links/<token>/…` and the web app's `/#/links/<token>`: a signed item link opens an item without signing in. */
export function maskLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(/^\/(#\/)?(l|links)\/[^/?#]+/, '/$1$2/***');
}
