import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsLocalDateString } from './validators';

const EFFECTIVE = {
  description: 'The date the change took effect; defaults to today. Not in the future, and not before the latest change already recorded for the plan.',
  example: '2022-10-03',
};

export class RecordActivityStatusDto {
  @ApiProperty({ example: 'in_progress', description: 'done, in_progress, remaining, paused, postponed, or the Swedish word (Genomfört, Pågående/Pågår, Kvarstår, Pausad, Förskjuten)' })
  @Length(1, 100)
  @IsString()
  status!: string;

  @ApiPropertyOptional({ type: String, description: 'A new comment at the same time; null clears it', nullable: true })
  @MaxLength(10000)
  @IsString()
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  comment?: string | null;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

export class RecordCommentDto {
  @ApiProperty({ type: String, description: 'The comment; null or blank clears it', nullable: true })
  @MaxLength(10000)
  @IsString()
  @ValidateIf((_, v) => v !== null)
  comment!: string | null;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

export class MoveActivityDeadlineDto {
  @ApiProperty({ example: 'Oktober', description: 'As the Slutfört column writes it: "Oktober", "Maj/November", "Förskjuts till 2023", "Förskjuts till hösten 2023"' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 100)
  @IsString()
  due!: string;

  @ApiProperty({ example: 'Personalbrist under hösten' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 1000)
  @IsString()
  reason!: string;

  @ApiPropertyOptional(EFFECTIVE) @IsLocalDateString() @IsOptional() effectiveOn?: string;
}

export class ImportDto {
  @ApiProperty({ example: '2022-08-31', description: "The table's cut-off date: its rows take effect on it" })
  @IsLocalDateString()
  @IsString()
  asOf!: string;
}
