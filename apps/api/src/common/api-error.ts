import { BadRequestException, ConflictException, HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem with the input: which field (dotted path for nested ones) and why. */
export class FieldError {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiPropertyOptional({ example: 'password_too_short', description: 'Stable machine-readable reason, for clients to show in their own language' })
  code?: string;

  @ApiProperty({ example: 'must be an e-mail address' })
  message!: string;
}

/**
 * The body of every error response. Nest's own HttpExceptions already have this shape
 * (without `errors`); a 400 (and a 409 about a field) adds `errors`.
 */
export class ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'email must be an e-mail address' })
  message!: string;

  @ApiPropertyOptional({ example: 'local_sign_in_disabled', description: 'Stable machine-readable reason of a refusal that concerns no one field' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldError] })
  errors?: FieldError[];
}

const REASON_PHRASES: Partial<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 410: 'Gone' };

/** A refusal with a stable code and no field, e.g. `new CodedException(403, 'local_sign_in_disabled', 'Local passwords are turned off')`. */
export class CodedException extends HttpException {
  constructor(status: 401 | 403 | 404 | 409 | 410, readonly code: string, message: string) {
    super({ statusCode: status, error: REASON_PHRASES[status] ?? 'Error', message, code } satisfies ApiErrorBody, status);
  }
}

/** `field message; field message`, for people reading the body or a log. */
export function summarise(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}

/** A 400 naming each bad field and the reason. */
export class InvalidInputException extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: summarise(errors), errors } satisfies ApiErrorBody);
  }
}

/** A 400 for one field, e.g. `invalidField('id', 'must be a UUID')`. */
export function invalidField(field: string, message: string, code?: string): InvalidInputException {
  return new InvalidInputException([code === undefined ? { field, message } : { field, code, message }]);
}

/**
 * A client-chosen id that is taken by something the caller did not make: one answer for a
 * programme, an assignment or a plan, naming nothing about what holds it.
 */
export function idUnavailable(): FieldConflictException {
  return new FieldConflictException('id', 'cannot be used; leave it out and a new id is chosen', 'id_unavailable');
}

/** A 409 naming several fields, e.g. a repeated start that differs from the first one. */
export class FieldsConflictException extends ConflictException {
  constructor(readonly errors: FieldError[]) {
    super({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: summarise(errors), errors } satisfies ApiErrorBody);
  }
}

/** A 409 about one field, e.g. `new FieldConflictException('email', 'is already in use')`. */
export class FieldConflictException extends ConflictException {
  constructor(field: string, message: string, code?: string) {
    const errors = [code === undefined ? { field, message } : { field, code, message }];
    super({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: summarise(errors), errors } satisfies ApiErrorBody);
  }
}
