import { ArgumentMetadata, Body, Controller, Delete, Get, HttpCode, Injectable, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiErrorBody, invalidField } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
import { AddCoOwnerDto } from './dto/template-owner.dto';
import { TemplatesService } from './templates.service';

/** A template version in a path: a whole number from 1 to 1000000, or a 400 naming `version`. */
@Injectable()
class VersionPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const version = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    if (!(version >= 1 && version <= 1_000_000)) throw invalidField(metadata.data ?? 'version', 'must be a whole number from 1 to 1000000');
    return version;
  }
}

@ApiTags('templates')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'The latest version of every programme template' })
  list() {
    return this.templates.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'The latest version of a template' })
  get(@Param('id') id: string) {
    return this.templates.get(id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version of a template' })
  version(@Param('id') id: string, @Param('version', VersionPipe) version: number) {
    return this.templates.get(id, version);
  }

  @Post()
  @HttpCode(201)
  @RequireCanOwnProgrammes()
  @ApiOperation({
    summary: 'Add a template (version 1; you become its owner) or the next version of one you own or co-own (validated against the template schema; see templates/README.md)',
  })
  @ApiBody({ schema: { type: 'object', description: 'A programme template, as in templates/*.yaml' } })
  @ApiForbiddenResponse({ description: 'template_not_owner: the template is someone else\'s', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'template_id_reserved: a shipped template\'s id; version_not_next: the version is not the latest + 1', type: ApiErrorBody })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.templates.create(body, principal);
  }

  @Get(':id/owners')
  @ApiOperation({ summary: "A template's owner and co-owners, and what I may do with it" })
  owners(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.templates.owners(id, principal);
  }

  @Post(':id/co-owners')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a co-owner, who may then publish new versions (the owner or an administrator)' })
  @ApiForbiddenResponse({ description: 'template_not_owner', type: ApiErrorBody })
  addCoOwner(@Param('id') id: string, @Body() body: AddCoOwnerDto, @CurrentPrincipal() principal: Principal) {
    return this.templates.addCoOwner(id, body.personId, principal);
  }

  @Delete(':id/co-owners/:personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a co-owner (the owner or an administrator; the owner stays)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'template_not_owner', type: ApiErrorBody })
  async removeCoOwner(@Param('id') id: string, @Param('personId', ParseUuidPipe) personId: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.templates.removeCoOwner(id, personId, principal);
  }
}
