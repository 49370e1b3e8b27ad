import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { CacheItem, CacheProvider, Profile, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { APP_CONFIG, AppConfig, SamlConfig, SamlIdp } from '@fullfolj/config';
import { ExternalSessionInfo, SamlStateRepository } from '@fullfolj/database';
import type { ExternalProfile } from '../sso/external-sign-in.service';
import { assertionFacts, idpFromMetadata, responseDestination } from './saml-xml';

/** The IdP's response did not pass a check (signature, issuer, audience, recipient, time, InResponseTo, replay). */
export class SamlResponseError extends Error {}

/** Time to sign in at the IdP, MFA included; a later response to the request is refused. */
const REQUEST_TTL_MS = 10 * 60 * 1000;
const CLOCK_SKEW_MS = 30 * 1000;

/**
 * SAML 2.0 Web SSO as a service provider, by @node-saml/node-saml: signed assertions
 * required; audience, issuer, time window and InResponseTo checked by the library;
 * recipient, destination and replay checked here, against PostgreSQL, so it holds across
 * API instances.
 */
@Injectable()
export class SamlService {
  private readonly logger = new Logger(SamlService.name);
  private client?: Promise<SAML>;
  readonly settings?: SamlConfig;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly state: SamlStateRepository,
  ) {
    this.settings = config.auth.saml;
  }

  /** The IdP URL (HTTP-Redirect binding) with a new AuthnRequest; RelayState carries where to land. */
  async loginUrl(returnTo: string): Promise<string> {
    return (await this.saml()).getAuthorizeUrlAsync(returnTo, undefined, {});
  }

  /** Our metadata for the IdP's administrator (entity id, ACS URL, signing certificate if any). */
  metadata(): string {
    const settings = this.required();
    return new SAML(this.options(settings, { entryPoint: 'https://idp.invalid/', idpIssuer: '', idpCerts: ['unused'] })).generateServiceProviderMetadata(null, settings.spCert ?? null);
  }

  async complete(samlResponse: string): Promise<{ profile: ExternalProfile; session: ExternalSessionInfo }> {
    const settings = this.required();
    const saml = await this.saml();
    let profile: Profile | null;
    try {
      // A Destination, when present, must be our ACS (a response meant for another SP is refused).
      const destination = responseDestination(samlResponse);
      if (destination !== null && destination !== settings.acsUrl) throw new Error(`Destination ${destination} is not this service`);
      ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      throw new SamlResponseError(error instanceof Error ? error.message : 'invalid response');
    }
    if (!profile) throw new SamlResponseError('a logout response, not a sign-in');
    const facts = assertionFacts(profile.getAssertionXml?.() ?? '');
    if (!facts) throw new SamlResponseError('the assertion has no ID or validity window');
    if (!facts.recipients.includes(settings.acsUrl)) throw new SamlResponseError('the assertion is not addressed to this service (Recipient)');
    if (!(await this.state.consumeAssertion(facts.id, new Date(facts.validUntil.getTime() + CLOCK_SKEW_MS)))) {
      throw new SamlResponseError('the assertion was used before (replay)');
    }
    const email = text(attribute(profile, settings.emailAttribute)) ?? (profile.nameIDFormat?.endsWith(':emailAddress') ? profile.nameID : undefined);
    const groups = settings.groupsClaim === undefined ? undefined : texts(attribute(profile, settings.groupsClaim));
    return {
      profile: {
        protocol: 'saml',
        issuer: profile.issuer,
        subject: profile.nameID,
        email,
        // The IdP vouches for the attributes it signs.
        emailVerified: email !== undefined,
        name: text(attribute(profile, settings.nameAttribute)),
        groups,
      },
      session: { protocol: 'saml', issuer: profile.issuer, nameId: profile.nameID, nameIdFormat: profile.nameIDFormat, sessionIndex: profile.sessionIndex },
    };
  }

  private saml(): Promise<SAML> {
    const settings = this.required();
    this.client ??= this.idp(settings)
      .then((idp) => new SAML(this.options(settings, idp)))
      .catch((error: unknown) => {
        this.client = undefined;
        this.logger.warn(`SAML IdP metadata could not be read: ${error instanceof Error ? error.message : String(error)}`);
        throw new ServiceUnavailableException('The identity provider cannot be reached; try again shortly');
      });
    return this.client;
  }

  private async idp(settings: SamlConfig): Promise<SamlIdp> {
    if (settings.idp) return settings.idp;
    if (settings.idpMetadataFile) return idpFromMetadata(await readFile(settings.idpMetadataFile, 'utf8'));
    const res = await fetch(settings.idpMetadataUrl!, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`metadata URL answered ${res.status}`);
    return idpFromMetadata(await res.text());
  }

  private options(settings: SamlConfig, idp: SamlIdp) {
    return {
      callbackUrl: settings.acsUrl,
      entryPoint: idp.entryPoint,
      issuer: settings.spEntityId,
      audience: settings.spEntityId,
      idpIssuer: idp.idpIssuer,
      idpCert: idp.idpCerts,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_TTL_MS,
      cacheProvider: this.requestIds(),
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      // Entra ID and ADFS pick the authentication method; asking for one only causes refusals.
      disableRequestedAuthnContext: true,
      identifierFormat: null,
      signatureAlgorithm: 'sha256' as const,
      ...(settings.spPrivateKey ? { privateKey: settings.spPrivateKey, publicCert: settings.spCert } : {}),
    };
  }

  /** node-saml's InResponseTo cache over PostgreSQL: a request id is valid once, on any instance. */
  private requestIds(): CacheProvider {
    const state = this.state;
    return {
      async saveAsync(key: string, value: string): Promise<CacheItem | null> {
        const created = await state.saveRequest(key, REQUEST_TTL_MS / 1000);
        return { value, createdAt: created.getTime() };
      },
      // node-saml expects back what it saved: the request's creation time.
      async getAsync(key: string): Promise<string | null> {
        const expiry = await state.requestExpiry(key);
        return expiry === null ? null : new Date(expiry.getTime() - REQUEST_TTL_MS).toISOString();
      },
      async removeAsync(key: string | null): Promise<string | null> {
        if (key === null) return null;
        await state.removeRequest(key);
        return key;
      },
    };
  }

  private required(): SamlConfig {
    if (!this.settings) throw new Error('SAML is not configured');
    return this.settings;
  }
}

function attribute(profile: Profile, name: string): unknown {
  const attributes = profile.attributes as Record<string, unknown> | undefined;
  return attributes?.[name] ?? profile[name];
}

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

function texts(value: unknown): string[] {
  return (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is string => typeof v === 'string');
}
