import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Patch, Post, Put, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { Public } from '../auth/auth.decorators';
import { AcceptsMediaTypes } from '../security/request-origin.guard';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-discovery';
import { SCIM_CONTENT_TYPE, ScimExceptionFilter } from './scim-errors';
import { ScimTokenGuard } from './scim-token.guard';
import { parseFilter, parsePaging } from './scim-user';
import { ScimUsersService } from './scim-users.service';

/**
 * SCIM 2.0 (RFC 7644) for the identity provider's provisioning, e.g. Microsoft Entra ID.
 * Left out of the OpenAPI document: SCIM clients read /ServiceProviderConfig and /Schemas.
 * Bodies are taken as `unknown` so the global validation pipe leaves them to the SCIM parser.
 */
@ApiExcludeController()
@Public()
@UseGuards(ScimTokenGuard)
@UseFilters(ScimExceptionFilter)
@AcceptsMediaTypes('application/scim+json')
@Controller('scim/v2')
export class ScimController {
  constructor(
    private readonly users: ScimUsersService,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private get baseUrl(): string {
    return this.config.api.baseUrl.replace(/\/$/, '');
  }

  @Get('ServiceProviderConfig')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  serviceProviderConfig() {
    return serviceProviderConfig(this.baseUrl);
  }

  @Get('ResourceTypes')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  resourceTypes() {
    return resourceTypes(this.baseUrl);
  }

  @Get('Schemas')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  schemas() {
    return schemas(this.baseUrl);
  }

  @Get('Users')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  list(@Query('filter') filter?: string, @Query('startIndex') startIndex?: string, @Query('count') count?: string) {
    const paging = parsePaging(single(startIndex), single(count));
    return this.users.list(parseFilter(single(filter)), paging.startIndex, paging.count);
  }

  @Post('Users')
  @HttpCode(201)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  create(@Body() body: unknown) {
    return this.users.create(body);
  }

  @Get('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Put('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  replace(@Param('id') id: string, @Body() body: unknown) {
    return this.users.replace(id, body);
  }

  @Patch('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  patch(@Param('id') id: string, @Body() body: unknown) {
    return this.users.patch(id, body);
  }

  @Delete('Users/:id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.users.remove(id);
  }
}

/** A repeated query parameter arrives as an array; SCIM gives each one once. */
function single(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return undefined;
}
