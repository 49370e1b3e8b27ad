import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../passwords';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'anna.lindqvist@kommun.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'must be an e-mail address' })
  email!: string;

  @ApiProperty({ format: 'password', example: 'fullfolj-demo' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  password!: string;
}
