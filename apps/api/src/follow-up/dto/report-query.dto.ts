import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsLocalDateString } from './validators';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2022-08-31', description: 'Cut-off date; defaults to today (Europe/Stockholm)' })
  @IsLocalDateString()
  @IsOptional()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['sv', 'en'], default: 'sv' })
  @IsIn(['sv', 'en'], { message: 'must be sv or en' })
  @IsOptional()
  lang?: 'sv' | 'en';

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsIn(REPORT_FORMATS, { message: `must be one of ${REPORT_FORMATS.join(', ')}` })
  @IsOptional()
  format?: ReportFormat;
}

export class FollowUpReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    enum: ['activities', 'indicators'],
    default: 'activities',
    description: "CSV only: the activities (re-importable as a plan table) or the indicators' figures per period (re-importable as values)",
  })
  @IsIn(['activities', 'indicators'], { message: 'must be activities or indicators' })
  @IsOptional()
  table?: 'activities' | 'indicators';

  @ApiPropertyOptional({ example: 'BiN', description: "Only this board's activities (code or name, any case)" })
  @Length(1, 200)
  @IsString()
  @IsOptional()
  board?: string;
}
