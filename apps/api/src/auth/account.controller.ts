import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { SignInThrottleService } from '../security/sign-in-throttle.service';
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
    private readonly throttle: SignInThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('password')
  @HttpCode(204)
  @RequireLocalSignIn()
  @ApiOperation({ summary: 'Change your own password, giving the current one; your other sessions end, this one stays' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'code wrong_password (currentPassword), password_too_short / password_too_long (newPassword)', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code no_local_password: you sign in only through single sign-on', type: ApiErrorBody })
  @ApiTooManyRequestsResponse({ description: 'code too_many_attempts (currentPassword): too many wrong current passwords; Retry-After says when to try again', type: ApiErrorBody })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    // Counted with sign-in failures for the same e-mail: a stolen session cannot guess the password either.
    await this.throttle.attempt(request, response, { account: principal.email, field: 'currentPassword' }, async () => {
      await this.accounts.changePassword(principal, readSessionCookie(request), body.currentPassword, body.newPassword);
      return { passed: true, value: undefined };
    });
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @RequireLocalSignIn()
  @ApiOperation({ summary: 'Choose a new password with the token from a reset link (works once); every session of the person ends' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'code reset_link_invalid (token: unknown, used or expired), password_too_short / password_too_long (newPassword)', type: ApiErrorBody })
  @ApiTooManyRequestsResponse({ description: 'code too_many_attempts (token): too many failed attempts from this address; Retry-After says when to try again', type: ApiErrorBody })
  async completeReset(@Body() body: CompletePasswordResetDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    // Each attempt hashes the new password, so bogus tokens count against the address.
    await this.throttle.attempt(request, response, { field: 'token' }, async () => {
      await this.accounts.completeReset(body.token, body.newPassword);
      return { passed: true, value: undefined };
    });
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
