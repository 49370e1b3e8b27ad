import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { trim } from './login.dto';

export class CreateTokenDto {
  @ApiProperty({ description: 'What the token is for', example: 'Rapportexport', maxLength: 100 })
  @Transform(trim)
  @MaxLength(100)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  name!: string;
}
