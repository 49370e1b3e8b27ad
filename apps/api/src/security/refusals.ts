import { HttpException } from '@nestjs/common';
import type { ApiErrorBody, FieldError } from '../common/api-error';

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 415: 'Unsupported Media Type', 429: 'Too Many Requests' };

/** A refusal in the API's error shape with a stable code (CodedException covers fewer statuses). */
export class RequestRefusedException extends HttpException {
  constructor(status: 400 | 403 | 415, readonly code: string, message: string) {
    super({ statusCode: status, error: REASONS[status], message, code } satisfies ApiErrorBody, status);
  }
}

/** 429 for too many failed password checks; the caller sets Retry-After. */
export class TooManyAttemptsException extends HttpException {
  constructor(field: string, readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    const message = `too many failed attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    const errors: FieldError[] = [{ field, code: 'too_many_attempts', message }];
    super({ statusCode: 429, error: REASONS[429], message: `${field} ${message}`, code: 'too_many_attempts', errors, retryAfterSeconds } satisfies ApiErrorBody & { retryAfterSeconds: number }, 429);
  }
}
