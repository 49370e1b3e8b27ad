import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, Logger, NestInterceptor, UnprocessableEntityException } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, concatMap, from, Observable, of, throwError } from 'rxjs';
import { APP_CONFIG, type AppConfig, sessionSecret } from '@fullfolj/config';
import { IdempotencyClaim, IdempotencyRepository } from '@fullfolj/database';
import type { RequestWithPrincipal } from '../auth/identity';
import { FieldConflictException, invalidField, summarise, type ApiErrorBody } from '../common/api-error';
import {
  bodyHash,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_KEEP_HOURS,
  IDEMPOTENCY_STALE_AFTER_SECONDS,
  idempotencyCovers,
  isValidIdempotencyKey,
} from './idempotency-key';

/** Set on an answer that is the stored one of an earlier attempt, not a new act. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Answers worth retrying are not kept, so a retry acts again: 5xx (the act failed or its
 * outcome is unknown; the acts below are themselves deduplicated where they reach Temporal),
 * 408 and 429 (the act did not run).
 */
function keepsAnswer(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

/**
 * Global: a signed-in state-changing request with an Idempotency-Key acts at most once per
 * person and key. The key is recorded (in progress) before the act runs; the answer is stored
 * with it; a retry with the same request gets that answer again (same status and body, with
 * Idempotent-Replayed: true), one with a different request 422 idempotency_key_reused, and
 * one while the first is still running 409 idempotency_key_in_progress (Retry-After: 1).
 * An attempt in progress for longer than IDEMPOTENCY_STALE_AFTER_SECONDS is presumed dead
 * and the retry acts again: safe for programme acts because their Temporal update id is
 * derived from the same key (TemporalCalls.derivedId), so Temporal returns the first
 * outcome instead of applying the act twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly hashKey: Buffer;

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Its own key, derived from the session secret, rather than the secret itself.
    this.hashKey = Buffer.from(bodyHash(sessionSecret(config), 'idempotency-key body hash'), 'hex');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header(IDEMPOTENCY_HEADER);
    const route = (request.route as { path?: unknown } | undefined)?.path;
    // Public routes (no principal) and uploads (their body is read later, by multer) are left alone.
    if (key === undefined || !request.principal || typeof route !== 'string' || !idempotencyCovers(request.method, route) || request.is('multipart/form-data')) {
      return next.handle();
    }
    if (!isValidIdempotencyKey(key)) {
      throw invalidField(IDEMPOTENCY_HEADER, 'must be 1 to 255 visible ASCII characters, e.g. a UUID', 'invalid_idempotency_key');
    }
    const claimed = this.keys.claim(
      { personId: request.principal.personId, key, method: request.method, path: request.originalUrl, bodyHash: bodyHash(this.hashKey, request.body) },
      { staleAfterSeconds: IDEMPOTENCY_STALE_AFTER_SECONDS, keepHours: IDEMPOTENCY_KEEP_HOURS },
    );
    return from(claimed).pipe(concatMap((claim) => this.answer(claim, response, next)));
  }

  private answer(claim: IdempotencyClaim, response: Response, next: CallHandler): Observable<unknown> {
    switch (claim.outcome) {
      case 'mismatch':
        return throwError(() => reused());
      case 'in_progress':
        response.setHeader('Retry-After', '1');
        return throwError(() => new FieldConflictException(IDEMPOTENCY_HEADER, 'an earlier request with this key is still being carried out; try again shortly', 'idempotency_key_in_progress'));
      case 'completed':
        response.setHeader(REPLAYED_HEADER, 'true');
        if (claim.responseStatus >= 400) return throwError(() => new HttpException(claim.responseBody as object, claim.responseStatus));
        response.status(claim.responseStatus);
        return of(claim.responseBody ?? undefined);
      case 'claimed':
        if (claim.takenOver) this.logger.warn({ attempt: claim.attempt }, 'an earlier attempt under this Idempotency-Key did not finish; acting again');
        return next.handle().pipe(
          concatMap((body) => from(this.store(claim, response.statusCode, body)).pipe(concatMap(() => of(body)))),
          catchError((error: unknown) => from(this.storeFailure(claim, error)).pipe(concatMap(() => throwError(() => error)))),
        );
    }
  }

  /** Keeps a successful answer; one that is not JSON (a file, a stream) cannot be replayed, so the key is let go. */
  private async store(claim: { id: string; attempt: number }, status: number, body: unknown): Promise<void> {
    try {
      if (!isJson(body) || !keepsAnswer(status)) return await this.keys.release(claim.id, claim.attempt);
      // As Express will send it: JSON.stringify drops undefined fields and turns dates into strings.
      const sent: unknown = body === undefined ? null : JSON.parse(JSON.stringify(body));
      if (!(await this.keys.complete(claim.id, claim.attempt, status, sent))) {
        this.logger.warn({ attempt: claim.attempt }, 'a later attempt took this Idempotency-Key over; its answer is the one kept');
      }
    } catch (error) {
      // The act is done; its answer still goes out. The row stays in progress until it goes stale.
      this.logger.error({ err: error }, 'could not store the answer under its Idempotency-Key');
    }
  }

  /** Keeps a refusal (4xx) with the body the exception filter sends; lets the key go on anything worth retrying. */
  private async storeFailure(claim: { id: string; attempt: number }, error: unknown): Promise<void> {
    try {
      if (error instanceof HttpException && keepsAnswer(error.getStatus())) {
        const raw = error.getResponse();
        // What Nest's exception filter sends for this exception.
        const body = typeof raw === 'object' && raw !== null ? raw : { statusCode: error.getStatus(), message: raw };
        await this.keys.complete(claim.id, claim.attempt, error.getStatus(), JSON.parse(JSON.stringify(body)));
      } else {
        await this.keys.release(claim.id, claim.attempt);
      }
    } catch (storeError) {
      this.logger.error({ err: storeError }, 'could not record the refusal under its Idempotency-Key');
    }
  }
}

function reused(): UnprocessableEntityException {
  const errors = [{ field: IDEMPOTENCY_HEADER, code: 'idempotency_key_reused', message: 'was already used for a different request; use a new key for a new request' }];
  return new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message: summarise(errors), errors } satisfies ApiErrorBody);
}

/** Plain data that survives JSON (not a StreamableFile, Buffer or stream). */
function isJson(body: unknown): boolean {
  if (body === undefined || body === null || typeof body !== 'object') return typeof body !== 'function' && typeof body !== 'symbol' && typeof body !== 'bigint';
  if (Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function' || typeof (body as { getStream?: unknown }).getStream === 'function') return false;
  return true;
}
