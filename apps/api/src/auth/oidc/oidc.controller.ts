import { Controller, Get, Inject, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOperation, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { ApiErrorBody } from '../../common/api-error';
import { Public } from '../auth.decorators';
import { parseReturnTo } from '../return-to';
import { startBrowserSession } from '../session-cookie';
import { SESSION_KEY, SessionService } from '../sessions.service';
import { ExternalSignInService } from '../sso/external-sign-in.service';
import { OIDC_FLOW_COOKIE, oidcFlowCookieOptions, openFlow, sealFlow } from './oidc-flow';
import { OidcCallbackError, OidcService } from './oidc.service';

/** Single sign-on over OpenID Connect (Entra ID and any certified provider); 404 when OIDC_ISSUER is unset. */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  constructor(
    private readonly oidc: OidcService,
    private readonly signIn: ExternalSignInService,
    private readonly sessions: SessionService,
    @Inject(SESSION_KEY) private readonly key: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  @ApiOperation({ summary: 'Start signing in at the identity provider (302 to its authorization endpoint, with PKCE, state and nonce)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path on this site to land on after sign-in (default /)' })
  @ApiFoundResponse({ description: 'Redirect to the provider' })
  @ApiNotFoundResponse({ description: 'OIDC is not configured', type: ApiErrorBody })
  @ApiServiceUnavailableResponse({ description: 'The provider cannot be reached', type: ApiErrorBody })
  async login(@Query('returnTo') returnTo: unknown, @Res() response: Response): Promise<void> {
    this.enabled();
    const { url, flow } = await this.oidc.begin(parseReturnTo(returnTo));
    response.cookie(OIDC_FLOW_COOKIE, sealFlow(flow, this.key), oidcFlowCookieOptions(this.config));
    response.redirect(302, url);
  }

  @Public()
  @Get('callback')
  @ApiOperation({
    summary: "The provider's redirect back: checks state, nonce, issuer, audience and signature, then starts a session",
    description: 'Redirects to the returnTo of the sign-in, or to /#/login?error=<code> (unknown_person, deactivated, email_missing, identity_conflict, sign_in_failed).',
  })
  @ApiFoundResponse({ description: 'Redirect into the app' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const settings = this.enabled();
    const flow = openFlow(request, this.key);
    // The flow is single-use: whatever happens next, this browser starts over for another try.
    response.clearCookie(OIDC_FLOW_COOKIE, { ...oidcFlowCookieOptions(this.config), maxAge: undefined });
    if (!flow) return this.refuse(response, 'sign_in_failed', 'no or expired sign-in flow in this browser');
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    let completed;
    try {
      completed = await this.oidc.complete(query, flow);
    } catch (error) {
      if (error instanceof OidcCallbackError) return this.refuse(response, 'sign_in_failed', error.message);
      throw error;
    }
    const result = await this.signIn.signIn(completed.profile, settings);
    if (!result.ok) return this.refuse(response, result.reason, 'refused by the sign-in rule');
    // A new session id at every sign-in (no fixation); the browser's old session ends.
    await startBrowserSession(this.sessions, this.config, request, response, result.person.id, completed.session);
    response.redirect(302, flow.returnTo);
  }

  private enabled() {
    if (!this.oidc.settings) throw new NotFoundException('OIDC sign-in is not configured');
    return this.oidc.settings;
  }

  /** Back to the sign-in page, which says why in the person's language. No claims in the log. */
  private refuse(response: Response, code: string, reason: string): void {
    this.logger.warn(`OIDC sign-in refused (${code}): ${reason}`);
    response.redirect(302, `/#/login?error=${encodeURIComponent(code)}`);
  }
}
