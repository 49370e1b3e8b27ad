import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

export class BoardDto {
  @ApiProperty({ example: 'BiN', description: 'Abbreviation as the plan writes it' })
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u, { message: 'must be an abbreviation of letters and digits, e.g. BiN' })
  @Length(1, 20)
  @IsString()
  code!: string;

  @ApiProperty({ example: 'Bildningsnämnden' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 200)
  @IsString()
  name!: string;
}

export class CreatePlanDto {
  @ApiPropertyOptional({ description: 'Id chosen by the client; repeating the request with it returns the same plan', format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  @IsOptional()
  id?: string;

  @ApiProperty({ example: 'Verksamhetsplan 2022' })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiProperty({ example: 'Exempelkommun', description: "The municipality's name, as the reports' header shows it" })
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 200)
  @IsString()
  municipality!: string;

  @ApiProperty({ example: 2022, description: "The plan's year: months in the table are of this year" })
  @Max(2100)
  @Min(2000)
  @IsInt({ message: 'must be a year, e.g. 2022' })
  year!: number;

  @ApiProperty({ type: [BoardDto], minItems: 1, maxItems: 20, description: 'The boards (nämnder) the plan is for' })
  @ValidateNested({ each: true })
  @Type(() => BoardDto)
  @ArrayMaxSize(20)
  @ArrayMinSize(1, { message: 'must name at least one board' })
  @IsArray()
  boards!: BoardDto[];

  @ApiPropertyOptional({ description: "A programme whose reports include this plan's follow-up", format: 'uuid' })
  @IsUUID('all', { message: 'must be a programme id (UUID)' })
  @IsOptional()
  programmeId?: string;
}
