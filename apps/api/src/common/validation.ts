import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isUUID } from 'class-validator';
import { FieldError, InvalidInputException } from './api-error';

/**
 * The API's input validation, applied globally in bootstrap.ts: class-validator DTOs,
 * unknown fields rejected, and every bad field listed as `{ field, message }` in a 400
 * (see ApiErrorBody). One reason per field: a missing value is "is required", otherwise
 * the first failing decorator. class-validator runs a property's decorators from the one
 * nearest the property upwards, so put the type check (e.g. `@IsString()`) nearest.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    // The value is only read below (missing or not); it never reaches the response.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new InvalidInputException(fieldErrors(errors)),
  });
}

/** Flattens class-validator's tree into one entry per bad field, with dotted paths for nested ones. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      const [constraint, message] = constraints[0];
      const code = codeOf(error, constraint);
      out.push(code === undefined ? { field, message: reason(constraint, message, error) } : { field, code, message: reason(constraint, message, error) });
    }
    if (error.children?.length) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** A stable code a decorator declared as `{ context: { code: 'password_too_short' } }`. */
function codeOf(error: ValidationError, constraint: string): string | undefined {
  const context = error.contexts?.[constraint] as { code?: unknown } | undefined;
  return typeof context?.code === 'string' ? context.code : undefined;
}

function reason(constraint: string, message: string, error: ValidationError): string {
  if (constraint === 'whitelistValidation') return 'is not an accepted field';
  if (error.value === undefined) return 'is required';
  if (error.value === null) return 'must not be null';
  // class-validator's default messages start with the property name ("email must be an email").
  const prefix = `${error.property} `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * Validates a UUID route parameter, naming the parameter in the 400:
 * `@Param('id', ParseUuidPipe) id: string` → `{ field: 'id', message: 'must be a UUID' }`.
 */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) throw new InvalidInputException([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
    // One spelling everywhere: PostgreSQL prints UUIDs in lower case, and workflow ids compare exactly.
    return value.toLowerCase();
  }
}

/** Lower-cases a UUID field (or a list of them) so ids compare equal in the database and in workflows. */
export const LowercaseUuid = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)) : value,
  );

/**
 * The dates the API accepts, checked for every date in every request by SafeStringsPipe:
 * a plan for 9999-12-31 is a typing error or an attack on what reads it, never a plan.
 */
export const DATE_RANGE = { min: '2000-01-01', max: '2100-12-31' } as const;

/** A whole string written as a date (YYYY-MM-DD, optionally with a time and zone; ISO's ±YYYYYY years too). */
const DATE_LIKE = /^([+-]?\d{4,6})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Whether `value` is written as a date outside DATE_RANGE (the range is whole years, so the year decides). */
export function dateOutOfRange(value: string): boolean {
  const match = DATE_LIKE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  return year < Number(DATE_RANGE.min.slice(0, 4)) || year > Number(DATE_RANGE.max.slice(0, 4));
}
