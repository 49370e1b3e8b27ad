import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { CurrentPrincipal, Public } from './auth.decorators';
import { PrincipalView } from './dto/auth.views';
import { LoginDto } from './dto/login.dto';
import { LocalLoginService } from './local-login.service';
import { toPrincipal } from './principal';
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import { SessionService } from './sessions.service';

/** Local sign-in (until single sign-on exists). The caller's API tokens: ApiTokensController. */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LocalLoginService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; sets the session cookie' })
  @ApiOkResponse({ type: PrincipalView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async signIn(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Principal> {
    const person = await this.login.verify(body.email, body.password);
    // One message for an unknown e-mail and a wrong password: no hint about who has an account.
    if (!person) throw new UnauthorizedException('E-mail or password is incorrect');
    // A new id at every sign-in (no session fixation); the browser's old session ends.
    const previous = readSessionCookie(request);
    if (previous) await this.sessions.destroy(previous);
    response.cookie(SESSION_COOKIE, await this.sessions.create(person.id), sessionCookieOptions(this.config));
    return toPrincipal(person, 'session');
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this browser (API tokens are revoked with DELETE /auth/tokens/{id})' })
  @ApiNoContentResponse()
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const sessionId = readSessionCookie(request);
    if (sessionId) await this.sessions.destroy(sessionId);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in person' })
  @ApiOkResponse({ type: PrincipalView })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
