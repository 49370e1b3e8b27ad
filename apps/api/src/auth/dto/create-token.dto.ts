import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { trim } from './login.dto';

/** API tokens live 90 days unless asked otherwise, a year at most (a leaked token is not forever). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

export class CreateTokenDto {
  @ApiProperty({ description: 'What the token is for', example: 'Rapportexport', maxLength: 100 })
  @Transform(trim)
  @MaxLength(100)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_TOKEN_DAYS, default: DEFAULT_TOKEN_DAYS, description: 'Days until the token stops working' })
  // Left out means the default; null is a wrong value, as elsewhere in the API.
  @ValidateIf((o: CreateTokenDto) => o.expiresInDays !== undefined)
  @Max(MAX_TOKEN_DAYS, { context: { code: 'token_lifetime_too_long' } })
  @Min(1, { context: { code: 'token_lifetime_too_short' } })
  @IsInt({ context: { code: 'not_an_integer' } })
  expiresInDays?: number;
}
