import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/** Structured logs (pino) for every process; credentials and session cookies never reach them. */
export function loggerParams(config: AppConfig, name: string): Params {
  return {
    pinoHttp: {
      name,
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      autoLogging: { ignore: (req) => req.url === '/health' },
    },
  };
}
