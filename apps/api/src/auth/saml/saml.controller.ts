import { Body, Controller, Get, Header, HttpCode, Inject, Logger, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { ApiErrorBody } from '../../common/api-error';
import { CrossSiteFormPost } from '../../security/request-origin.guard';
import { Public } from '../auth.decorators';
import { isLocalPath, parseReturnTo } from '../return-to';
import { startBrowserSession } from '../session-cookie';
import { SessionService } from '../sessions.service';
import { ExternalSignInService } from '../sso/external-sign-in.service';
import { SamlResponseError, SamlService } from './saml.service';

/** Single sign-on over SAML 2.0 (Entra ID, Skolfederation, ADFS); 404 when no SAML IdP is configured. */
@ApiTags('auth')
@Controller('auth/saml')
export class SamlController {
  private readonly logger = new Logger(SamlController.name);

  constructor(
    private readonly saml: SamlService,
    private readonly signIn: ExternalSignInService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('metadata')
  @Header('content-type', 'application/samlmetadata+xml; charset=utf-8')
  @ApiOperation({ summary: "This service provider's SAML metadata (entity id, ACS URL), for the IdP" })
  @ApiOkResponse({ description: 'SAML metadata XML' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  metadata(): string {
    this.enabled();
    return this.saml.metadata();
  }

  @Public()
  @Get('login')
  @ApiOperation({ summary: 'Start signing in at the SAML IdP (302 with an AuthnRequest, HTTP-Redirect binding)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path on this site to land on after sign-in (default /)' })
  @ApiFoundResponse({ description: 'Redirect to the IdP' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  async login(@Query('returnTo') returnTo: unknown, @Res() response: Response): Promise<void> {
    this.enabled();
    response.redirect(302, await this.saml.loginUrl(parseReturnTo(returnTo)));
  }

  @Public()
  @Post('acs')
  @HttpCode(302)
  // The IdP's page posts the form from its own origin; the signed assertion authenticates it.
  @CrossSiteFormPost()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiExcludeEndpoint() // Posted by the browser from the IdP's form, not called by API clients.
  async acs(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const settings = this.enabled();
    const samlResponse = typeof body?.SAMLResponse === 'string' ? body.SAMLResponse : undefined;
    if (!samlResponse) return this.refuse(response, 'sign_in_failed', 'no SAMLResponse');
    let completed;
    try {
      completed = await this.saml.complete(samlResponse);
    } catch (error) {
      if (error instanceof SamlResponseError) return this.refuse(response, 'sign_in_failed', error.message);
      throw error;
    }
    const result = await this.signIn.signIn(completed.profile, settings);
    if (!result.ok) return this.refuse(response, result.reason, 'refused by the sign-in rule');
    await startBrowserSession(this.sessions, this.config, request, response, result.person.id, completed.session);
    // RelayState came back through the browser: only a local path is followed.
    const relay = typeof body.RelayState === 'string' && isLocalPath(body.RelayState) ? body.RelayState : '/';
    response.redirect(302, relay);
  }

  private enabled() {
    if (!this.saml.settings) throw new NotFoundException('SAML sign-in is not configured');
    return this.saml.settings;
  }

  private refuse(response: Response, code: string, reason: string): void {
    this.logger.warn(`SAML sign-in refused (${code}): ${reason}`);
    response.redirect(302, `/#/login?error=${encodeURIComponent(code)}`);
  }
}
