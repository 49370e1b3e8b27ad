import { ApiProperty } from '@nestjs/swagger';
import type { Language, Principal } from '@fullfolj/contracts';
import type { ApiToken } from '@fullfolj/database';

/** The signed-in person, as GET /auth/me and POST /auth/login return it. */
export class PrincipalView implements Principal {
  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ example: 'Anna Lindqvist' })
  name!: string;

  @ApiProperty({ example: 'anna.lindqvist@kommun.example' })
  email!: string;

  @ApiProperty({ enum: ['sv', 'en'] })
  language!: Language;

  @ApiProperty({ description: 'May create programmes and templates' })
  canOwnProgrammes!: boolean;

  @ApiProperty({ description: 'Administrator: manages people, rights, single sign-on and SCIM tokens' })
  isAdmin!: boolean;

  @ApiProperty({ enum: ['session', 'token'], description: 'How this request was authenticated' })
  via!: 'session' | 'token';
}

export class TokenView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Rapportexport' })
  name!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ description: 'After this the token is refused (401)' })
  expiresAt!: Date;

  @ApiProperty({ nullable: true, type: Date, description: 'Last use, recorded at most once a minute' })
  lastUsedAt!: Date | null;

  @ApiProperty({ nullable: true, type: Date })
  revokedAt!: Date | null;

  static of(token: ApiToken): TokenView {
    return { id: token.id, name: token.name, createdAt: token.createdAt, expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, revokedAt: token.revokedAt };
  }
}

export class CreatedTokenView extends TokenView {
  @ApiProperty({ description: 'The token itself. Shown this once; only a hash is kept.', example: 'ffj_…' })
  token!: string;
}
