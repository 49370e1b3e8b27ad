import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, AppConfig, OidcConfig } from '@fullfolj/config';
import type { ExternalSessionInfo } from '@fullfolj/database';
import type { ExternalProfile } from '../sso/external-sign-in.service';
import { OIDC_FLOW_TTL_MS, OidcFlow } from './oidc-flow';

/** The provider's answer did not pass a check (state, nonce, issuer, audience, signature, expiry, PKCE). */
export class OidcCallbackError extends Error {}

/**
 * OpenID Connect authorization code flow with PKCE, by openid-client v6. Discovery runs on
 * first use and is retried after a failure, so the API starts while the provider is away.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private discovery?: Promise<oidc.Configuration>;
  readonly settings?: OidcConfig;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.settings = config.auth.oidc;
  }

  /** The provider's authorization URL for a new sign-in, and the flow to keep for the callback. */
  async begin(returnTo: string): Promise<{ url: string; flow: OidcFlow }> {
    const [configuration, settings] = [await this.configuration(), this.required()];
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const flow: OidcFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo, expiresAt: Date.now() + OIDC_FLOW_TTL_MS };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Redeems the code in the callback's query and checks the ID token; the profile of whom it
   * is about. The callback URL is rebuilt from the configured redirect URI, never from Host.
   */
  async complete(query: string, flow: OidcFlow): Promise<{ profile: ExternalProfile; session: ExternalSessionInfo }> {
    const [configuration, settings] = [await this.configuration(), this.required()];
    const callback = new URL(settings.redirectUri);
    callback.search = query;
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcCallbackError(describe(error));
    }
    const claims = tokens.claims();
    if (!claims || tokens.id_token === undefined) throw new OidcCallbackError('no ID token');
    return {
      profile: {
        protocol: 'oidc',
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        // Entra ID sends no email_verified; its xms_edov says the e-mail's domain is verified.
        emailVerified: claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === '1',
        name: typeof claims.name === 'string' ? claims.name : undefined,
        groups: settings.groupsClaim === undefined ? undefined : groupsIn(claims[settings.groupsClaim]),
      },
      session: { protocol: 'oidc', issuer: claims.iss, idToken: tokens.id_token },
    };
  }

  /** Where to send the browser to end its session at the provider too; null when the provider has no end_session_endpoint. */
  async endSessionUrl(session: ExternalSessionInfo): Promise<string | null> {
    if (!this.settings || session.protocol !== 'oidc') return null;
    let configuration: oidc.Configuration;
    try {
      configuration = await this.configuration();
    } catch {
      return null; // The local session is over either way.
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(configuration, {
      ...(session.idToken ? { id_token_hint: session.idToken } : {}),
      post_logout_redirect_uri: `${this.config.api.baseUrl.replace(/\/+$/, '')}/`,
    }).href;
  }

  private configuration(): Promise<oidc.Configuration> {
    const settings = this.required();
    this.discovery ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // Plain http only for a provider on this machine (tests, local trials).
        execute: isLoopbackHttp(settings.issuer) ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.discovery = undefined;
        this.logger.warn(`OIDC discovery at ${settings.issuer} failed: ${describe(error)}`);
        throw new ServiceUnavailableException('The identity provider cannot be reached; try again shortly');
      });
    return this.discovery;
  }

  private required(): OidcConfig {
    if (!this.settings) throw new Error('OIDC is not configured');
    return this.settings;
  }
}

function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** A group claim as a list: an array of names, or one name. */
export function groupsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The library's reason, without tokens or claims. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return 'unknown error';
}
