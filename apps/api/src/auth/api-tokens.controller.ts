import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ApiTokenService } from './api-tokens.service';
import { CurrentPrincipal } from './auth.decorators';
import { CreatedTokenView, TokenView } from './dto/auth.views';
import { CreateTokenDto } from './dto/create-token.dto';

/** The caller's API tokens (moved out of AuthController, same paths). */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API token for the caller; the token is in this response only' })
  @ApiCreatedResponse({ type: CreatedTokenView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async createToken(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto): Promise<CreatedTokenView> {
    const { token, record } = await this.tokens.create(principal.personId, body.name);
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
