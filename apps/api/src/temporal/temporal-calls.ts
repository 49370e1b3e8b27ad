import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { Client, Connection, isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { IDEMPOTENCY_HEADER, isValidIdempotencyKey } from '../idempotency/idempotency-key';
import { TEMPORAL_CONNECTION } from './temporal.tokens';

/** grpc-js connectivity states (the numbers of its ConnectivityState enum; grpc-js is not a direct dependency). */
const CONNECTING = 1;
const READY = 2;
const TRANSIENT_FAILURE = 3;
const SHUTDOWN = 4;
/** gRPC status codes meaning "no answer": cancelled, deadline exceeded, unavailable. */
const NO_ANSWER = new Set([1, 4, 14]);

/** Seconds a client should wait before trying again (Retry-After). */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/**
 * What a Temporal call does, which decides how a 503 may be worded:
 * - read: asks only (query, describe); nothing can have changed.
 * - act: changes a programme. retrySafe when a repeat with the same request cannot do it twice.
 * - mail: hands over an e-mail after the request's own change was saved.
 */
export type TemporalCallKind = { kind: 'read' } | { kind: 'act'; retrySafe: boolean } | { kind: 'mail' };

export type TemporalUnavailableCode = 'temporal_unavailable' | 'temporal_outcome_unknown' | 'mail_not_sent' | 'mail_outcome_unknown';

/** 503 naming Temporal, with a code clients word in the user's language and Retry-After. */
export class TemporalUnavailableException extends HttpException {
  readonly retryAfterSeconds = TEMPORAL_RETRY_AFTER_SECONDS;
  constructor(readonly code: TemporalUnavailableCode, message: string) {
    super({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message, code }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** Is this what the SDK throws when Temporal did not answer (as opposed to answering "no")? */
export function isNoAnswer(error: unknown): boolean {
  if (error instanceof TemporalDeadlineError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && NO_ANSWER.has(grpc.code);
}

/** Our own guard fired: the SDK's retries (up to 5 s apart) may outlive the gRPC deadline itself. */
export class TemporalDeadlineError extends Error {
  constructor(ms: number) {
    super(`Temporal did not answer within ${ms} ms`);
    this.name = 'TemporalDeadlineError';
  }
}

/**
 * Runs `fn` with a gRPC deadline on every call it makes (the SDK's connection.withDeadline), and answers no later
 * than the deadline even while the SDK waits to retry. Calls the SDK would retry after the deadline fail at once
 * without being sent, so nothing leaves the API after this has answered.
 */
export async function withTemporalDeadline<T>(connection: Connection, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalDeadlineError(ms)), ms);
  });
  const call = connection.withDeadline(Date.now() + ms, fn);
  // Kept until the SDK gives up, so shutdown can wait for its pending retries (see settleTemporalCalls).
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(settled);
  void settled.finally(() => inFlight.delete(settled));
  try {
    return await Promise.race([call, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls the SDK may still retry after we answered (each settles once the SDK gives up). */
const inFlight = new Set<Promise<void>>();

/**
 * Waits, at most `maxMs`, for calls whose answer we no longer wait for but the SDK may still retry: closing the
 * connection under a retry the SDK has scheduled makes that retry throw "Channel has been shut down" from a timer.
 */
export async function settleTemporalCalls(maxMs: number): Promise<void> {
  if (inFlight.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all([...inFlight]), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)))]);
  clearTimeout(timer);
}

/** The SDK's Connection, showing its gRPC channel's state (protected in the SDK), which tells whether a call can have left. */
export class TemporalConnection extends Connection {
  get channel() {
    return this.client.getChannel();
  }
}

interface RequestContext {
  method: string;
  path: string;
  idempotencyKey?: string;
  response: Response;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Keeps what a Temporal call needs from the HTTP request (its Idempotency-Key, the response for Retry-After) for
 * the services below, without threading it through every controller.
 */
@Injectable()
export class TemporalRequestContext implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const key = req.header(IDEMPOTENCY_HEADER);
    // A malformed key is refused by the IdempotencyInterceptor on the routes that honour it; here it only goes unused.
    const idempotencyKey = key !== undefined && isValidIdempotencyKey(key) ? key : undefined;
    requestContext.run({ method: req.method, path: req.originalUrl.split('?')[0], idempotencyKey, response: res }, next);
  }
}

/**
 * Every call the API makes to Temporal goes through here: each gets the deadline TEMPORAL_CALL_TIMEOUT_SECONDS,
 * and "Temporal did not answer" becomes a 503 that says honestly what is known: nothing was changed when the
 * connection was never up during the call (so nothing was sent); otherwise it is not known whether the act
 * arrived, and the answer says whether repeating the request is safe.
 */
@Injectable()
export class TemporalCalls {
  private readonly timeoutMs: number;

  constructor(
    readonly client: Client,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: TemporalConnection,
    @Inject(APP_CONFIG) config: ServiceConfig,
  ) {
    this.timeoutMs = config.temporal.callTimeoutSeconds * 1000;
  }

  /** The request's Idempotency-Key, if the client sent one. */
  get idempotencyKey(): string | undefined {
    return requestContext.getStore()?.idempotencyKey;
  }

  /**
   * An id derived from the request's Idempotency-Key, the route and `scope` (e.g. the actor): the same request
   * sent again gets the same id. Undefined without a key. `uuid` shapes it as a version-4 UUID.
   */
  derivedId(scope: string, format: 'text' | 'uuid' = 'text'): string | undefined {
    const ctx = requestContext.getStore();
    if (!ctx?.idempotencyKey) return undefined;
    const hex = createHash('sha256').update([ctx.method, ctx.path, scope, ctx.idempotencyKey].join('\n')).digest('hex');
    if (format === 'text') return hex;
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** False while the connection is known to be failing: reads that can do without Temporal skip it rather than wait. */
  get reachable(): boolean {
    // tryToConnect: an idle channel (e.g. after a dropped connection) starts connecting again.
    const state = this.connection.channel.getConnectivityState(true) as number;
    return state !== TRANSIENT_FAILURE && state !== SHUTDOWN;
  }

  async run<T>(call: TemporalCallKind, fn: (client: Client) => Promise<T>): Promise<T> {
    const sent = this.watchReady();
    try {
      return await withTemporalDeadline(this.connection, this.timeoutMs, () => fn(this.client));
    } catch (error) {
      if (!isNoAnswer(error)) throw error;
      const unavailable = unavailableFor(call, sent());
      requestContext.getStore()?.response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
      throw unavailable;
    } finally {
      sent();
    }
  }

  /**
   * Whether the channel may have been connected at any moment since now (requests are written only on a ready
   * connection). Conservative: any change out of CONNECTING other than a failure counts as "may have been ready".
   */
  private watchReady(): () => boolean {
    const channel = this.connection.channel;
    let maybeSent = false;
    let done = false;
    const watch = (state: number) => {
      if (state === READY) maybeSent = true;
      if (maybeSent || done || state === SHUTDOWN) return;
      channel.watchConnectivityState(state, Date.now() + this.timeoutMs + 1000, (error?: Error) => {
        if (error || done) return;
        const next = channel.getConnectivityState(false) as number;
        if (state === CONNECTING && next !== TRANSIENT_FAILURE) maybeSent = true;
        watch(next);
      });
    };
    watch(channel.getConnectivityState(false));
    return () => {
      done = true;
      return maybeSent || (channel.getConnectivityState(false) as number) === READY;
    };
  }
}

const NOT_REACHABLE = 'The workflow service (Temporal) is not reachable';

function unavailableFor(call: TemporalCallKind, maybeSent: boolean): TemporalUnavailableException {
  if (call.kind === 'read' || (call.kind === 'act' && !maybeSent)) {
    return new TemporalUnavailableException('temporal_unavailable', `${NOT_REACHABLE}; nothing was changed. Try again shortly.`);
  }
  if (call.kind === 'mail') {
    return maybeSent
      ? new TemporalUnavailableException(
          'mail_outcome_unknown',
          'The workflow service (Temporal) did not answer in time, so it is not known whether the e-mail was sent; the rest of the request was saved.',
        )
      : new TemporalUnavailableException('mail_not_sent', `${NOT_REACHABLE}, so the e-mail was not sent; the rest of the request was saved. Try again shortly.`);
  }
  return new TemporalUnavailableException(
    'temporal_outcome_unknown',
    'The workflow service (Temporal) did not answer in time, so it is not known whether this was carried out. ' +
      (call.retrySafe
        ? 'Sending the same request again is safe: it is carried out at most once.'
        : "Look at the programme's history before trying again, so that it is not done twice."),
  );
}
