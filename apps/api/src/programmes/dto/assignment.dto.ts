import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsLocalTime } from '../../common/local-time.validator';
import { LowercaseUuid } from '../../common/validation';
import { ASSIGNMENT_STATUSES, AssignmentStatus, GATE_DECISIONS, GateDecision, PROGRAMME_ROLES, ProgrammeRole } from '@fullfolj/contracts';
import { parseFollowUpStatus } from '@fullfolj/domain';
import { ReminderPolicyDto } from './reminder-policy.dto';
import { DATE_MESSAGE, DATE_PATTERN } from './dates';

const TEXT = 4000;

export class CreateAssignmentDto {
  @ApiPropertyOptional({ description: 'Id chosen by the client, for safe retries', format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a UUID' })
  @IsOptional()
  id?: string;

  @ApiProperty({ example: 'genomforande' })
  @Length(1, 100)
  @IsString()
  phaseKey!: string;

  @ApiProperty({ example: 'Kartlägg frånvaro per skolenhet' })
  @Length(1, 300)
  @IsString()
  title!: string;

  @ApiPropertyOptional() @MaxLength(TEXT) @IsString() @IsOptional() description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  @IsOptional()
  responsibleId?: string;

  @ApiPropertyOptional({ example: 'Utvecklingsteam Gymnasiet' }) @MaxLength(200) @IsString() @IsOptional() team?: string;

  @ApiProperty({ example: '2027-05-31' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  @IsString()
  dueDate!: string;

  @ApiPropertyOptional({ description: 'Förväntad effekt' }) @MaxLength(TEXT) @IsString() @IsOptional() expectedEffect?: string;
  @ApiPropertyOptional({ description: 'Hur och när det följs upp' }) @MaxLength(TEXT) @IsString() @IsOptional() followUp?: string;
  @ApiPropertyOptional({ description: 'Resurser' }) @MaxLength(TEXT) @IsString() @IsOptional() resources?: string;

  @ApiPropertyOptional({ type: () => ReminderPolicyDto, description: "Overrides the programme's reminder policy for this assignment" })
  @ValidateNested()
  @Type(() => ReminderPolicyDto)
  @IsOptional()
  reminderPolicy?: ReminderPolicyDto;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  responsibleId!: string;
}

export class RecordStatusDto {
  @ApiProperty({
    example: 'in_progress',
    description: 'done, in_progress, remaining, paused, postponed, or the Swedish word as follow-up reports write it (Genomfört, Pågående/Pågår, Kvarstår, Pausad, Förskjuten; case and diacritics do not matter)',
  })
  // The same vocabulary as the follow-up import, so officials may write the words they use.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseFollowUpStatus(value) ?? value) : value))
  @IsIn(ASSIGNMENT_STATUSES, { message: `must be one of ${ASSIGNMENT_STATUSES.join(', ')}, or Genomfört, Pågående, Kvarstår, Pausad, Förskjuten` })
  status!: AssignmentStatus;

  @ApiPropertyOptional() @MaxLength(TEXT) @IsString() @IsOptional() comment?: string;
}

export class CompleteDto {
  @ApiPropertyOptional() @MaxLength(TEXT) @IsString() @IsOptional() comment?: string;
}

export class MoveDeadlineDto {
  @ApiProperty({ example: '2027-06-15' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  @IsString()
  dueDate!: string;

  @ApiProperty({ example: 'Skolavslutningen krockar med insamlingen' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 1000)
  @IsString()
  reason!: string;
}

export class GrantRoleDto {
  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  personId!: string;

  @ApiProperty({ enum: PROGRAMME_ROLES })
  @IsIn(PROGRAMME_ROLES, { message: `must be one of ${PROGRAMME_ROLES.join(', ')}` })
  role!: ProgrammeRole;

  @ApiPropertyOptional() @MaxLength(200) @IsString() @IsOptional() team?: string;
}

export class GateConditionDto {
  @ApiProperty({ example: 'Komplettera nulägesanalysen med närvarodata' })
  @Length(1, 300)
  @IsString()
  title!: string;

  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  responsibleId!: string;

  @ApiProperty({ example: '2027-03-01' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  @IsString()
  dueDate!: string;
}

export class GateDecisionDto {
  @ApiProperty({ enum: GATE_DECISIONS, description: 'Godkänn, godkänn med villkor, skicka tillbaka (kommentar krävs) eller avstå' })
  @IsIn(GATE_DECISIONS, { message: `must be one of ${GATE_DECISIONS.join(', ')}` })
  decision!: GateDecision;

  @ApiPropertyOptional({ description: 'Required when sending back' }) @MaxLength(TEXT) @IsString() @IsOptional() comment?: string;

  @ApiPropertyOptional({ type: [GateConditionDto], description: 'With approve_with_conditions: each becomes an assignment in the next phase' })
  @ValidateNested({ each: true })
  @Type(() => GateConditionDto)
  @ArrayMaxSize(20)
  @IsArray()
  @IsOptional()
  conditions?: GateConditionDto[];
}

export class GateOwnerActDto {
  @ApiProperty({ example: 'Underlaget är kompletterat' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 1000)
  @IsString()
  reason!: string;
}

export class MoveMeetingDto {
  @ApiProperty({ example: '2027-04-07' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  @IsString()
  date!: string;

  @ApiPropertyOptional({ example: '13:00', description: 'Local time (Europe/Stockholm); unchanged when left out' })
  @IsLocalTime()
  @IsString()
  @IsOptional()
  startTime?: string;

  @ApiProperty({ example: 'Krockar med nämndens sammanträde' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 1000)
  @IsString()
  reason!: string;
}
