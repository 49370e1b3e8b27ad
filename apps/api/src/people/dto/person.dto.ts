import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { Language } from '@fullfolj/contracts';
import type { Person } from '@fullfolj/database';
import { ApiOptionalNewPassword, NewPasswordPolicy } from '../../auth/dto/password-policy';

export const LANGUAGES: readonly Language[] = ['sv', 'en'];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Blank means "none" for optional free text. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class CreatePersonDto {
  @ApiProperty({ example: 'Lars Berg', maxLength: 200 })
  @Transform(trim)
  @MaxLength(200)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  name!: string;

  @ApiProperty({ example: 'lars.berg@kommun.example', description: 'Unique, whatever the case' })
  @Transform(trim)
  @IsEmail({}, { message: 'must be an e-mail address' })
  email!: string;

  @ApiPropertyOptional({ type: String, example: 'Björkskolan', maxLength: 200, nullable: true })
  @Transform(trimToNull)
  @IsOptional()
  @MaxLength(200)
  @IsString()
  organisationUnit?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'sv' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: 'must be sv or en' })
  language?: Language;

  @ApiPropertyOptional({ default: false, description: 'May create programmes and templates, and manage people' })
  @IsOptional()
  @IsBoolean()
  canOwnProgrammes?: boolean;

  @ApiOptionalNewPassword('Initial password for local sign-in; without one the person cannot sign in locally')
  @IsOptional()
  @NewPasswordPolicy()
  password?: string;
}

/** What a person may change about themselves. E-mail is their identity and is not among it. */
export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Lars Berg', maxLength: 200 })
  @Transform(trim)
  @ValidateIf((o: UpdateMeDto) => o.name !== undefined)
  @MaxLength(200)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @ValidateIf((o: UpdateMeDto) => o.language !== undefined)
  @IsIn(LANGUAGES, { message: 'must be sv or en' })
  language?: Language;

  @ApiPropertyOptional({ type: String, example: 'Björkskolan', maxLength: 200, nullable: true, description: 'null or "" clears it' })
  @Transform(trimToNull)
  @IsOptional()
  @MaxLength(200)
  @IsString()
  organisationUnit?: string | null;

  @ApiPropertyOptional({ description: 'One digest e-mail a working day instead of one e-mail per reminder' })
  // Left out means unchanged; null is not "unchanged" but a wrong value (the column is not nullable).
  @ValidateIf((o: UpdateMeDto) => o.reminderDigest !== undefined)
  @IsBoolean()
  reminderDigest?: boolean;
}

export class PersonView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Lars Berg' })
  name!: string;

  @ApiProperty({ example: 'lars.berg@kommun.example' })
  email!: string;

  @ApiProperty({ example: 'Björkskolan', nullable: true, type: String })
  organisationUnit!: string | null;

  @ApiProperty({ enum: LANGUAGES })
  language!: Language;

  @ApiProperty()
  canOwnProgrammes!: boolean;

  @ApiProperty({ description: 'Administrator: manages people, rights, single sign-on and SCIM tokens' })
  isAdmin!: boolean;

  @ApiProperty({ description: 'False once deactivated: no sign-in, sessions or tokens' })
  active!: boolean;

  @ApiProperty({ nullable: true, type: Date })
  deactivatedAt!: Date | null;

  @ApiProperty({ description: 'Takes a daily digest instead of single reminders' })
  reminderDigest!: boolean;

  @ApiProperty()
  createdAt!: Date;

  static of(person: Person): PersonView {
    return {
      id: person.id,
      name: person.name,
      email: person.email,
      organisationUnit: person.organisationUnit,
      language: person.language,
      canOwnProgrammes: person.canOwnProgrammes,
      isAdmin: person.isAdmin,
      active: person.active,
      deactivatedAt: person.deactivatedAt,
      reminderDigest: person.reminderDigest,
      createdAt: person.createdAt,
    };
  }
}
