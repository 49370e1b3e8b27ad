import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { LowercaseUuid } from '../../common/validation';
import { ReminderPolicyDto } from './reminder-policy.dto';

export { DATE_MESSAGE, DATE_PATTERN } from './dates';
import { DATE_MESSAGE, DATE_PATTERN } from './dates';

export class SteeringGroupDto {
  @ApiProperty({ description: 'Chair (ordförande / sammankallande)', format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  chairId!: string;

  @ApiProperty({ type: [String], description: 'Other members', format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { each: true, message: 'must be person ids (UUIDs)' })
  @ArrayMaxSize(50)
  @IsArray()
  memberIds!: string[];
}

export class TeamDto {
  @ApiProperty({ example: 'Utvecklingsteam Gymnasiet' })
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { each: true, message: 'must be person ids (UUIDs)' })
  @ArrayMaxSize(200)
  @IsArray()
  memberIds!: string[];
}

export class StartProgrammeDto {
  @ApiPropertyOptional({ description: 'Programme id chosen by the client; repeating a start with it returns the same programme', format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a UUID' })
  @IsOptional()
  id?: string;

  @ApiProperty({ example: 'skr-fullfoljd-utbildning' })
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be a template id like skr-fullfoljd-utbildning' })
  @IsString()
  templateId!: string;

  @ApiPropertyOptional({ description: 'Defaults to the latest version' })
  @Min(1)
  @IsInt()
  @IsOptional()
  templateVersion?: number;

  @ApiProperty({ example: 'Fullföljd utbildning 2027' })
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiProperty({ example: '2027-01-04' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  @IsString()
  programmeStart!: string;

  @ApiPropertyOptional({
    description: "Dates per the template's date parameters: a date, or a list for a series",
    example: { kickoff: '2027-01-27', teamMeetings: ['2027-04-05', '2027-08-18'], closingMeeting: '2027-11-23' },
  })
  @IsObject()
  @IsOptional()
  dates?: Record<string, string | string[]>;

  @ApiProperty({ type: SteeringGroupDto })
  @ValidateNested()
  @Type(() => SteeringGroupDto)
  @IsObject()
  steeringGroup!: SteeringGroupDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { each: true, message: 'must be person ids (UUIDs)' })
  @ArrayMaxSize(100)
  @IsArray()
  @IsOptional()
  referenceGroupIds?: string[];

  @ApiPropertyOptional({ type: [TeamDto] })
  @ValidateNested({ each: true })
  @Type(() => TeamDto)
  @ArrayMaxSize(50)
  @IsArray()
  @IsOptional()
  teams?: TeamDto[];

  @ApiPropertyOptional({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  @IsOptional()
  secretaryId?: string;

  @ApiPropertyOptional({
    description: "Who is responsible for the template's items, per template role (e.g. officials, head_teachers); unnamed roles fall to the owner",
    example: { officials: '5b0d…', head_teachers: '9c1e…' },
  })
  @IsObject()
  @IsOptional()
  responsibles?: Record<string, string>;

  @ApiPropertyOptional({ type: () => ReminderPolicyDto, description: "The programme's reminder policy (overrides of the defaults)" })
  @ValidateNested()
  @Type(() => ReminderPolicyDto)
  @IsObject()
  @IsOptional()
  reminderPolicy?: ReminderPolicyDto;
}
