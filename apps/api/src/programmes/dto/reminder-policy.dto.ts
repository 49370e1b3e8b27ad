import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsLocalTime } from '../../common/local-time.validator';
import { DATE_MESSAGE, DATE_PATTERN } from './dates';

export class QuietPeriodDto {
  @ApiProperty({ example: '2027-06-25' }) @Matches(DATE_PATTERN, { message: DATE_MESSAGE }) @IsString() from!: string;
  @ApiProperty({ example: '2027-08-15' }) @Matches(DATE_PATTERN, { message: DATE_MESSAGE }) @IsString() to!: string;
}

/** Overrides of the reminder policy; anything left out keeps the default (10 and 2 working days before, …). */
export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: [Number], example: [10, 2], description: 'Working days before the deadline' })
  @Max(60, { each: true })
  @Min(1, { each: true })
  @IsInt({ each: true })
  @ArrayMaxSize(10)
  @IsArray()
  @IsOptional()
  daysBefore?: number[];

  @ApiPropertyOptional() @IsBoolean() @IsOptional() onTheDay?: boolean;
  @ApiPropertyOptional() @IsBoolean() @IsOptional() dayAfter?: boolean;
  @ApiPropertyOptional() @IsBoolean() @IsOptional() weeklyWhileOverdue?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5, description: 'Working days overdue before the owner and chair are told; null = never' })
  @Max(60)
  @Min(1)
  @IsInt()
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  escalateAfterWorkingDays?: number | null;

  @ApiPropertyOptional({ example: '08:00', description: 'Local time (Europe/Stockholm)' })
  @IsLocalTime()
  @IsString()
  @IsOptional()
  sendAt?: string;

  @ApiPropertyOptional({ type: [QuietPeriodDto], description: 'e.g. the summer break: reminders move to its end' })
  @ValidateNested({ each: true })
  @Type(() => QuietPeriodDto)
  @ArrayMaxSize(12)
  @IsArray()
  @IsOptional()
  quietPeriods?: QuietPeriodDto[];
}
