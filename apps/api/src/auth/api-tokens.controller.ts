import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody, CodedException } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ApiTokenService } from './api-tokens.service';
import { CurrentPrincipal } from './auth.decorators';
import { CreatedTokenView, TokenView } from './dto/auth.views';
import { CreateTokenDto, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './dto/create-token.dto';

/** The caller's API tokens: created from a session only, listed with expiry and last use, revoked. */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API token for the caller; the token is in this response only',
    description: `Only a signed-in person (session) can create one: a token cannot make more tokens. Lives ${DEFAULT_TOKEN_DAYS} days unless expiresInDays says otherwise (${MAX_TOKEN_DAYS} at most).`,
  })
  @ApiCreatedResponse({ type: CreatedTokenView })
  @ApiBadRequestResponse({ description: 'Bad name or expiresInDays (errors[].code names why)', type: ApiErrorBody })
  @ApiForbiddenResponse({ description: 'Called with an API token (code token_cannot_create_token)', type: ApiErrorBody })
  async createToken(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto): Promise<CreatedTokenView> {
    // A leaked token must not be able to mint fresh ones that outlive its revocation.
    if (principal.via !== 'session') throw new CodedException(403, 'token_cannot_create_token', 'API tokens can only be created when signed in, not with another token');
    const { token, record } = await this.tokens.create(principal.personId, body.name, body.expiresInDays ?? DEFAULT_TOKEN_DAYS);
    return { ...TokenView.of(record), token };
  }

  @Get()
  @ApiOperation({ summary: "The caller's API tokens (without the tokens themselves)" })
  @ApiOkResponse({ type: [TokenView] })
  async listTokens(@CurrentPrincipal() principal: Principal): Promise<TokenView[]> {
    return (await this.tokens.list(principal.personId)).map((t) => TokenView.of(t));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your own API tokens' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'You have no token with this id', type: ApiErrorBody })
  async revokeToken(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    if (!(await this.tokens.revoke(principal.personId, id))) throw new NotFoundException('You have no API token with this id');
  }
}
