import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { AccountService } from './account.service';
import { CurrentPrincipal, Public } from './auth.decorators';
import { ChangePasswordDto, CompletePasswordResetDto } from './dto/account.dto';
import { RequireLocalSignIn } from './local-sign-in.guard';
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

/** The caller's own acts on their account: password, reset link, sign out everywhere. */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth')
export class AccountController {
  constructor(
    private readonly accounts: AccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('password')
  @HttpCode(204)
  @RequireLocalSignIn()
  @ApiOperation({ summary: 'Change your own password, giving the current one; your other sessions end, this one stays' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'code wrong_password (currentPassword), password_too_short / password_too_long (newPassword)', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code no_local_password: you sign in only through single sign-on', type: ApiErrorBody })
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto, @Req() request: Request): Promise<void> {
    await this.accounts.changePassword(principal, readSessionCookie(request), body.currentPassword, body.newPassword);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @RequireLocalSignIn()
  @ApiOperation({ summary: 'Choose a new password with the token from a reset link (works once); every session of the person ends' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'code reset_link_invalid (token: unknown, used or expired), password_too_short / password_too_long (newPassword)', type: ApiErrorBody })
  async completeReset(@Body() body: CompletePasswordResetDto): Promise<void> {
    await this.accounts.completeReset(body.token, body.newPassword);
  }

  @Post('sign-out-everywhere')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every session of yours, this one included (API tokens stay; revoke them with DELETE /auth/tokens/{id})' })
  @ApiNoContentResponse()
  async signOutEverywhere(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.accounts.signOutEverywhere(principal.personId);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
  }
}
