import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ANALYSIS_STATUSES, ANALYSIS_SUBJECT_KINDS, PERIODICITIES, type AnalysisStatus, type AnalysisSubjectKind, type Periodicity } from '@fullfolj/domain';
import { ReportQueryDto } from './report-query.dto';
import { IsLocalDateString } from './validators';

const PERIOD = { example: '2022-VT', description: "A period of the indicator's periodicity: 2022 (year), 2022-VT / 2022-HT (term), 2022-03 (month)" };
const EFFECTIVE = { example: '2022-08-31', description: 'The date it took effect (known from); defaults to today. Not in the future.' };

export class IndicatorUnitDto {
  @ApiProperty({ enum: ['percent', 'count', 'scale'] })
  @IsIn(['percent', 'count', 'scale'], { message: 'must be percent, count or scale' })
  kind!: 'percent' | 'count' | 'scale';

  @ApiPropertyOptional({ example: 1, description: 'Lowest step of a scale' })
  @Max(100)
  @Min(0)
  @IsInt({ message: 'must be a whole number' })
  @ValidateIf((o: IndicatorUnitDto) => o.kind === 'scale')
  min?: number;

  @ApiPropertyOptional({ example: 5, description: 'Highest step of a scale' })
  @Max(100)
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  @ValidateIf((o: IndicatorUnitDto) => o.kind === 'scale')
  max?: number;
}

export class BaselineDto {
  @ApiProperty(PERIOD) @Length(4, 7) @IsString() period!: string;
  @ApiProperty({ example: 62.5 }) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }) value!: number;
}

export class IndicatorSourceDto {
  @ApiProperty({ enum: ['manual', 'import', 'kolada'], description: 'Entered by hand, imported from a file, or a Kolada key figure' })
  @IsIn(['manual', 'import', 'kolada'], { message: 'must be manual, import or kolada' })
  kind!: 'manual' | 'import' | 'kolada';

  @ApiPropertyOptional({ example: 'N17461', description: "Kolada's key figure id (nyckeltals-id), for kind kolada" })
  @Matches(/^[A-Za-z]\d{4,6}$/, { message: 'must be a Kolada key figure id such as N17461' })
  @ValidateIf((o: IndicatorSourceDto) => o.kind === 'kolada')
  kpiId?: string;
}

export class IndicatorDto {
  @ApiProperty({ example: 'Engagemang/motivation' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 'Yrkesgruppens engagemang/motivation till sitt uppdrag' })
  @MaxLength(4000)
  @IsString()
  @IsOptional()
  description?: string;

  @ApiProperty({ type: IndicatorUnitDto })
  @ValidateNested()
  @Type(() => IndicatorUnitDto)
  @IsObject({ message: 'must be an object such as { "kind": "percent" }' })
  unit!: IndicatorUnitDto;

  @ApiProperty({ enum: ['higher', 'lower'], description: 'Whether a higher or a lower outcome is better' })
  @IsIn(['higher', 'lower'], { message: 'must be higher or lower' })
  direction!: 'higher' | 'lower';

  @ApiProperty({ enum: PERIODICITIES })
  @IsIn(PERIODICITIES, { message: `must be one of ${PERIODICITIES.join(', ')}` })
  periodicity!: Periodicity;

  @ApiPropertyOptional({ type: BaselineDto, nullable: true })
  @ValidateNested()
  @Type(() => BaselineDto)
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  baseline?: BaselineDto | null;

  @ApiPropertyOptional({ example: { '2022-VT': 65, '2022-HT': 70 }, description: 'Target (målvärde) per period', type: 'object', additionalProperties: { type: 'number' } })
  @IsObject({ message: 'must be an object of period → number' })
  @IsOptional()
  targets?: Record<string, number>;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Who reports its values (and gets the reminders)' })
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  responsibleId?: string | null;

  @ApiPropertyOptional({ type: IndicatorSourceDto, description: 'Defaults to manual' })
  @ValidateNested()
  @Type(() => IndicatorSourceDto)
  @IsObject()
  @IsOptional()
  source?: IndicatorSourceDto;

  @ApiPropertyOptional({ example: 10, default: 10, description: "Working days after a period's end by which its value is due" })
  @Max(60)
  @Min(0)
  @IsInt({ message: 'must be a whole number of working days' })
  @IsOptional()
  reportWithinWorkingDays?: number;

  @ApiPropertyOptional({ type: [String], description: "The plan's activities (insatser) expected to move it" })
  @IsUUID('all', { each: true, message: 'must be activity ids (UUID)' })
  @ArrayMaxSize(500)
  @IsArray()
  @IsOptional()
  activityIds?: string[];
}

export class CreateIndicatorDto extends IndicatorDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chosen by the client; repeating the request with it returns the same indicator' })
  @IsUUID('all', { message: 'must be a UUID' })
  @IsOptional()
  id?: string;
}

export class RecordValueDto {
  @ApiProperty(PERIOD) @Length(1, 20) @IsString() period!: string;

  @ApiProperty({ example: 71.5, description: 'The outcome (utfall): a number, or the step of a scale' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  value!: number;

  @ApiPropertyOptional({ example: 'Hög grad av engagemang', description: "A qualitative step's wording", nullable: true })
  @MaxLength(2000)
  @IsString()
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  text?: string | null;

  @ApiPropertyOptional({ nullable: true }) @MaxLength(10000) @IsString() @ValidateIf((_, v) => v !== null) @IsOptional() comment?: string | null;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

/** Figures as known on a date, labelled in a language: the report query's asOf and lang. */
export class IndicatorQueryDto extends PickType(ReportQueryDto, ['asOf', 'lang'] as const) {}

export class DraftAnalysisDto {
  @ApiProperty({ enum: ANALYSIS_SUBJECT_KINDS })
  @IsIn(ANALYSIS_SUBJECT_KINDS, { message: `must be one of ${ANALYSIS_SUBJECT_KINDS.join(', ')}` })
  subjectKind!: AnalysisSubjectKind;

  @ApiProperty({ example: 'Alla elever ska lämna grundskolan med godkända betyg', description: "The goal's or strategic assignment's text as in the plan, or the indicator's id" })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 4000)
  @IsString()
  subject!: string;

  @ApiProperty(PERIOD) @Length(1, 20) @IsString() period!: string;

  @ApiProperty({ example: 'Andelen behöriga lärare har ökat …' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 20000)
  @IsString()
  text!: string;

  @ApiProperty({ enum: ANALYSIS_STATUSES, description: 'The overall judgement (samlad bedömning)' })
  @IsIn(ANALYSIS_STATUSES, { message: `must be one of ${ANALYSIS_STATUSES.join(', ')}` })
  status!: AnalysisStatus;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

export class AnalysisActDto {
  @ApiProperty({ example: 2, description: 'The version acted on: it must still be the newest' })
  @Min(1)
  @IsInt({ message: 'must be a version number' })
  version!: number;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

export class ApprovePeriodDto {
  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}
