import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import type { Principal } from '@fullfolj/contracts';
import { SecurityAuditRepository } from '@fullfolj/database';
import { ApiErrorBody } from '../common/api-error';
import { SignInThrottleService } from '../security/sign-in-throttle.service';
import { CurrentPrincipal, Public } from './auth.decorators';
import { PrincipalView } from './dto/auth.views';
import { LogoutView, SignInMethodsView, SignInProviderView } from './dto/sign-in.views';
import { LoginDto } from './dto/login.dto';
import { LocalLoginService } from './local-login.service';
import { RequireLocalSignIn } from './local-sign-in.guard';
import { OidcService } from './oidc/oidc.service';
import { toPrincipal } from './principal';
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions, startBrowserSession } from './session-cookie';
import { SessionService } from './sessions.service';

/** Local sign-in (until single sign-on exists). The caller's API tokens: ApiTokensController. */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LocalLoginService,
    private readonly sessions: SessionService,
    private readonly oidc: OidcService,
    private readonly throttle: SignInThrottleService,
    private readonly audit: SecurityAuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @RequireLocalSignIn()
  @ApiOperation({ summary: 'Sign in with e-mail and password; sets the session cookie' })
  @ApiOkResponse({ type: PrincipalView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  @ApiTooManyRequestsResponse({ description: 'code too_many_attempts (email): too many failed sign-ins for this e-mail or from this address; Retry-After says when to try again', type: ApiErrorBody })
  async signIn(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Principal> {
    const outcome = await this.throttle.attempt(request, response, { account: body.email, field: 'email' }, async () => {
      const checked = await this.login.check(body.email, body.password);
      return { passed: checked.ok, value: checked };
    });
    if (!outcome.ok) {
      // The reason is for administrators only; never the password, nor an e-mail that matched no one.
      await this.audit.record({ action: 'sign_in_refused', subjectPersonId: outcome.person?.id ?? null, detail: { protocol: 'password', reason: outcome.reason } });
      // One message for an unknown e-mail and a wrong password: no hint about who has an account.
      throw new UnauthorizedException('E-mail or password is incorrect');
    }
    // A new id at every sign-in (no session fixation); the browser's old session ends.
    await startBrowserSession(this.sessions, this.config, request, response, outcome.person.id);
    await this.audit.record({ action: 'sign_in', subjectPersonId: outcome.person.id, detail: { protocol: 'password' } });
    return toPrincipal(outcome.person, 'session');
  }

  @Public()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End the session of this browser (API tokens are revoked with DELETE /auth/tokens/{id})',
    description: "redirectTo: the identity provider's end-session URL when the session came from single sign-on and the provider offers one; the browser goes there to end that session too.",
  })
  @ApiOkResponse({ type: LogoutView })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LogoutView> {
    const sessionId = readSessionCookie(request);
    const external = sessionId ? await this.sessions.destroy(sessionId) : null;
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
    return { redirectTo: external ? await this.oidc.endSessionUrl(external) : null };
  }

  @Public()
  @Get('methods')
  @ApiOperation({ summary: 'How people may sign in: local passwords and the configured identity providers' })
  @ApiOkResponse({ type: SignInMethodsView })
  methods(): SignInMethodsView {
    const { local, oidc, saml } = this.config.auth;
    const providers: SignInProviderView[] = [];
    if (oidc) providers.push({ id: 'oidc', displayName: oidc.displayName, loginUrl: '/auth/oidc/login' });
    if (saml) providers.push({ id: 'saml', displayName: saml.displayName, loginUrl: '/auth/saml/login' });
    return { local, providers };
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in person' })
  @ApiOkResponse({ type: PrincipalView })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
