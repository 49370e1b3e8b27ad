import { ArgumentMetadata, Body, Controller, Get, HttpCode, Injectable, Param, PipeTransform, Post } from '@nestjs/common';
import { invalidField } from '../common/api-error';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
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
  @ApiOperation({ summary: "Add a template or a new version of one (validated against the template schema; see templates/README.md)" })
  @ApiBody({ schema: { type: 'object', description: 'A programme template, as in templates/*.yaml' } })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.templates.create(body, principal.personId);
  }
}
