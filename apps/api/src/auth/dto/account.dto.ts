import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../passwords';
import { ApiNewPassword, NewPasswordPolicy } from './password-policy';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: MAX_PASSWORD_LENGTH, description: 'The password the person signs in with today', example: 'mitt-nuvarande-lösenord' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  currentPassword!: string;

  @ApiNewPassword('The new password')
  @NewPasswordPolicy()
  newPassword!: string;
}

export class CompletePasswordResetDto {
  @ApiProperty({ description: 'The token from the reset link in the e-mail', example: 'q3Jm…', maxLength: 100 })
  @MaxLength(100)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  token!: string;

  @ApiNewPassword('The new password')
  @NewPasswordPolicy()
  newPassword!: string;
}

/** What an administrator learns about a reset they started: when the link stops working, never the link. */
export class PasswordResetRequestedView {
  @ApiProperty({ description: 'The mailed link works once, until then' })
  expiresAt!: Date;
}
