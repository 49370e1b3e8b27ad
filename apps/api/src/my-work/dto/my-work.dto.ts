import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class MyWorkQueryDto {
  @ApiPropertyOptional({ description: 'At most this many items, nearest due date first', minimum: 1, maximum: 500, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 500' })
  @Max(500, { message: 'must be between 1 and 500' })
  limit?: number;
}

export class WorkItemView {
  @ApiProperty({ enum: ['assignment', 'report', 'minutes', 'gate'] }) kind!: 'assignment' | 'report' | 'minutes' | 'gate';
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ description: "The assignment's id, or the phase key for a gate" }) id!: string;
  @ApiProperty() phaseKey!: string;
  @ApiProperty({ description: "The assignment's title, or the phase's name for a gate" }) title!: string;
  @ApiProperty({ example: '2027-03-15' }) dueDate!: string;
  @ApiProperty({ description: 'Due before today (Europe/Stockholm)' }) overdue!: boolean;
  @ApiProperty({ description: "The assignment's status, or `open` for a gate awaiting the caller's decision" }) status!: string;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
}

export class MyWorkView {
  @ApiProperty({ description: "Today's date in Europe/Stockholm", example: '2027-03-01' }) today!: string;
  @ApiProperty({ type: [WorkItemView] }) items!: WorkItemView[];
}
