import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import type { ApiErrorBody } from './api-error';

/** The backing services a request may find unreachable, named in the 503's message. */
export type BackingService = 'database' | 'temporal';

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** PostgreSQL SQLSTATEs meaning "not now" rather than "not this": connection exceptions, shutdown, start-up, too many clients. */
const isUnavailableSqlState = (code: string) => code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/** node-postgres and pg-pool say a connection is gone or could not be had in these words. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
];

/** gRPC status UNAVAILABLE: the Temporal frontend could not be reached. */
const GRPC_UNAVAILABLE = 14;

function chain(error: unknown): Array<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.includes(current as Record<string, unknown>) && seen.length < 5) {
    const e = current as Record<string, unknown>;
    seen.push(e);
    current = e.driverError ?? e.cause;
  }
  return seen;
}

/**
 * Which backing service an error says is unreachable, or undefined when it is an ordinary
 * error. Only errors that mean "the connection failed" count, never a query the database
 * refused (a constraint, a syntax error): those stay 4xx/500 as before.
 */
export function unavailableService(error: unknown): BackingService | undefined {
  for (const e of chain(error)) {
    const name = typeof e.name === 'string' ? e.name : '';
    const message = typeof e.message === 'string' ? e.message : '';
    const code = e.code;
    // A gRPC status error (Temporal's ServiceError carries it as its cause).
    if (code === GRPC_UNAVAILABLE && 'details' in e) return 'temporal';
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in e) return isUnavailableSqlState(code) ? 'database' : undefined;
    if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'database';
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'database';
    if (name === 'QueryFailedError' && /connection/i.test(message) && /terminat|lost|closed/i.test(message)) return 'database';
    // TypeORM releases a transaction's query runner when its connection dies under it.
    if (name === 'QueryRunnerAlreadyReleasedError') return 'database';
  }
  return undefined;
}

const MESSAGES: Record<BackingService, string> = {
  database: 'The database is unavailable right now, so the request may not have been carried out. Try again shortly.',
  temporal: 'The workflow service (Temporal) is unavailable right now. Try again shortly.',
};

/**
 * Turns "a backing service is unreachable" into 503 Service Unavailable with a message that
 * says which, and Retry-After, instead of a bare 500: while PostgreSQL restarts, a client
 * sees a clear, retryable answer, and the API recovers by itself when it is back (the pool
 * reconnects). Everything else goes to Nest's own handling unchanged.
 */
@Catch()
export class ServiceUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('ServiceUnavailable');
  /** When each service's outage was last logged: once every 10 s is enough, not once a request. */
  private readonly lastLogged = new Map<BackingService, number>();

  override catch(exception: unknown, host: ArgumentsHost): void {
    const service = exception instanceof HttpException ? undefined : unavailableService(exception);
    if (!service || host.getType() !== 'http') return super.catch(exception, host);
    if (Date.now() - (this.lastLogged.get(service) ?? 0) > 10_000) {
      this.lastLogged.set(service, Date.now());
      this.logger.warn(`${service} unavailable, answering 503: ${exception instanceof Error ? exception.message : String(exception)}`);
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return super.catch(exception, host);
    response
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', '5')
      .json({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: MESSAGES[service] } satisfies ApiErrorBody);
  }
}
