import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../passwords';

/** Stable codes of a refused new password, for clients to explain in their own language. */
export const PASSWORD_CODES = { tooShort: 'password_too_short', tooLong: 'password_too_long', notAString: 'password_not_a_string' } as const;

/**
 * The one rule for a password someone chooses (POST /people, POST /auth/password, a reset):
 * the lengths of passwords.ts. Each refusal carries a code. The type check comes first,
 * as class-validator runs decorators nearest the property first.
 */
export const NewPasswordPolicy = () =>
  applyDecorators(
    IsString({ context: { code: PASSWORD_CODES.notAString } }),
    MinLength(MIN_PASSWORD_LENGTH, { context: { code: PASSWORD_CODES.tooShort } }),
    MaxLength(MAX_PASSWORD_LENGTH, { context: { code: PASSWORD_CODES.tooLong } }),
  );

const documented = { format: 'password', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH };

/** OpenAPI for a required new password. */
export const ApiNewPassword = (description: string) => ApiProperty({ ...documented, description, example: 'ett-långt-lösenord' });

/** OpenAPI for an optional new password. */
export const ApiOptionalNewPassword = (description: string) => ApiPropertyOptional({ ...documented, description });
