import { applyDecorators, Body, Controller, Get, Header, HttpCode, Param, Post, Redirect } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth';
import { ApiErrorBody } from '../common/api-error';
import { CompleteDto } from '../programmes/dto/assignment.dto';
import { ItemLinks } from './item-links.service';

/** The answers a link can get, and headers that keep the token out of caches and Referer. */
const LinkRoute = () =>
  applyDecorators(
    Header('Cache-Control', 'no-store'),
    Header('Referrer-Policy', 'no-referrer'),
    ApiBadRequestResponse({ description: 'Not a link token', type: ApiErrorBody }),
    ApiNotFoundResponse({ description: 'No such link (wrong signature) or no such item', type: ApiErrorBody }),
    ApiGoneResponse({ description: 'The link has expired', type: ApiErrorBody }),
    ApiForbiddenResponse({ description: 'The person is no longer responsible for the item', type: ApiErrorBody }),
  );

/**
 * Signed links from reminder e-mail: no sign-in, the token in the path is the credential
 * and opens one item for one person. Responses are never cached and send no Referer on.
 */
@ApiTags('links')
@Public()
@Controller()
export class LinksController {
  constructor(private readonly links: ItemLinks) {}

  @Get('links/:token')
  @LinkRoute()
  @ApiOperation({ summary: 'The item a signed e-mail link opens: title, programme, due date, status, comment, whether it is done' })
  view(@Param('token') token: string) {
    return this.links.view(token);
  }

  @Post('links/:token/complete')
  @HttpCode(200)
  @LinkRoute()
  @ApiOperation({ summary: 'Mark the item done as the person the link was made for (while still responsible)' })
  complete(@Param('token') token: string, @Body() dto: CompleteDto) {
    return this.links.complete(token, dto.comment);
  }

  @Get('l/:token')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({ summary: 'The short address in e-mail: 302 to the web app, which reads GET /links/:token' })
  redirect(@Param('token') token: string) {
    return { url: `/#/links/${encodeURIComponent(token)}`, statusCode: 302 };
  }
}
