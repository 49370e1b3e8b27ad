import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { SECURITY_ACTIONS, type SecurityAction } from '@fullfolj/contracts';
import { MAX_SECURITY_LOG_ENTRIES, type SecurityLogRow } from '@fullfolj/database';
import { LowercaseUuid } from '../../common/validation';

/** The rights to set; a right left out stays as it is (null is a wrong value, not "unchanged"). */
export class UpdateRightsDto {
  @ApiPropertyOptional({ description: 'May create programmes and templates' })
  @ValidateIf((o: UpdateRightsDto) => o.canOwnProgrammes !== undefined)
  @IsBoolean()
  canOwnProgrammes?: boolean;

  @ApiPropertyOptional({ description: 'Administrator: manages people, rights, single sign-on and SCIM tokens' })
  @ValidateIf((o: UpdateRightsDto) => o.isAdmin !== undefined)
  @IsBoolean()
  isAdmin?: boolean;
}

export const DEFAULT_SECURITY_LOG_LIMIT = 200;

/** Query strings are text; a whole number becomes a number, anything else stays text and is refused. */
const wholeNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class SecurityLogQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries where this person acted or was acted on' })
  @LowercaseUuid()
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID', context: { code: 'not_a_uuid' } })
  personId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SECURITY_LOG_ENTRIES, default: DEFAULT_SECURITY_LOG_LIMIT })
  @Transform(wholeNumber)
  @IsOptional()
  @Max(MAX_SECURITY_LOG_ENTRIES, { context: { code: 'limit_out_of_range' } })
  @Min(1, { context: { code: 'limit_out_of_range' } })
  @IsInt({ context: { code: 'not_an_integer' } })
  limit?: number;
}

export class SecurityLogEntryView {
  @ApiProperty({ example: '1042', description: 'Increasing with time' })
  id!: string;

  @ApiProperty()
  at!: Date;

  @ApiProperty({ enum: SECURITY_ACTIONS })
  action!: SecurityAction;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the identity provider, SCIM or the system acted' })
  actorPersonId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Anna Lindqvist' })
  actorName!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  subjectPersonId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Lars Berg' })
  subjectName!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed (never a password, token or session id)', example: { right: 'isAdmin', via: 'admin' } })
  detail!: Record<string, unknown>;

  static of(row: SecurityLogRow): SecurityLogEntryView {
    return { ...row };
  }
}
