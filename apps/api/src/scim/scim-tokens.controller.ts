import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Principal } from '@fullfolj/contracts';
import { ScimRepository, ScimTokenRow } from '@fullfolj/database';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireAdmin } from '../auth/auth.decorators';
import { hashApiToken } from '../auth/secrets';
import { SCIM_TOKEN_PREFIX } from './scim-token.guard';

export class CreateScimTokenDto {
  @ApiProperty({ example: 'Entra ID provisioning', maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MaxLength(100)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  name!: string;
}

export class ScimTokenView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ nullable: true, type: Date })
  lastUsedAt!: Date | null;

  @ApiProperty({ nullable: true, type: Date })
  revokedAt!: Date | null;
}

export class CreatedScimTokenView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ description: 'The secret token for the identity provider; shown in this response only' })
  token!: string;
}

const view = (t: ScimTokenRow): ScimTokenView => ({ id: t.id, name: t.name, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

/** Administrators create, list and revoke the identity provider's SCIM tokens (rotation: create a new one, then revoke the old). */
@ApiTags('admin')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('admin/scim-tokens')
export class ScimTokensController {
  constructor(private readonly scim: ScimRepository) {}

  @Post()
  @RequireAdmin()
  @ApiOperation({ summary: 'Create a SCIM token; the token is in this response only' })
  @ApiCreatedResponse({ type: CreatedScimTokenView })
  async create(@Body() body: CreateScimTokenDto, @CurrentPrincipal() principal: Principal): Promise<CreatedScimTokenView> {
    const token = SCIM_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.scim.createToken(body.name, hashApiToken(token), principal.personId);
    return { id: row.id, name: row.name, createdAt: row.createdAt, token };
  }

  @Get()
  @RequireAdmin()
  @ApiOperation({ summary: 'Every SCIM token, newest first, with last use (without the tokens themselves)' })
  @ApiOkResponse({ type: [ScimTokenView] })
  async list(): Promise<ScimTokenView[]> {
    return (await this.scim.listTokens()).map(view);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAdmin()
  @ApiOperation({ summary: 'Revoke a SCIM token' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No SCIM token with this id', type: ApiErrorBody })
  async revoke(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    if (!(await this.scim.revokeToken(id, principal.personId))) throw new NotFoundException('No SCIM token with this id');
  }
}
