import { z } from 'zod';
import { flag, list, optionalText, optionalUrl } from './fields';

// Sign-in settings: local passwords, OIDC and SAML. config.ts merges the fields into its
// schema, runs the checks in its superRefine and puts the result under `auth`.

export const signInFields = {
  /** Local passwords; may be turned off when single sign-on is on. */
  AUTH_LOCAL: flag(true),

  OIDC_ISSUER: optionalUrl(['http:', 'https:'], 'https://login.microsoftonline.com/<tenant-id>/v2.0'),
  OIDC_CLIENT_ID: optionalText(),
  OIDC_CLIENT_SECRET: optionalText(),
  OIDC_SCOPES: z.string().trim().default('openid email profile'),
  OIDC_DISPLAY_NAME: optionalText(),
  OIDC_AUTO_CREATE: flag(false),
  OIDC_GROUPS_CLAIM: optionalText(),
  OIDC_OWNER_GROUPS: list(),
  OIDC_ADMIN_GROUPS: list(),

  /** The IdP's metadata (entity id, SSO URL, certificates) instead of the three settings below. */
  SAML_IDP_METADATA_URL: optionalUrl(['http:', 'https:'], 'https://login.microsoftonline.com/<tenant-id>/federationmetadata/2007-06/federationmetadata.xml?appid=<app-id>'),
  SAML_IDP_METADATA_FILE: optionalText(),
  SAML_ENTRY_POINT: optionalUrl(['http:', 'https:'], 'https://login.microsoftonline.com/<tenant-id>/saml2'),
  SAML_IDP_ISSUER: optionalText(),
  /** PEM or bare base64 body; several separated by commas (certificate rotation). */
  SAML_IDP_CERT: list(),
  SAML_SP_ENTITY_ID: optionalText(),
  SAML_DISPLAY_NAME: optionalText(),
  SAML_AUTO_CREATE: flag(false),
  SAML_EMAIL_ATTRIBUTE: z.string().trim().default('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
  SAML_NAME_ATTRIBUTE: z.string().trim().default('http://schemas.microsoft.com/identity/claims/displayname'),
  SAML_GROUPS_ATTRIBUTE: optionalText(),
  SAML_OWNER_GROUPS: list(),
  SAML_ADMIN_GROUPS: list(),
  SAML_SP_PRIVATE_KEY: optionalText(),
  SAML_SP_CERT: optionalText(),
};

type SignInEnv = z.infer<z.ZodObject<typeof signInFields>>;

/** How people and rights come from an identity provider's claims (OIDC) or attributes (SAML). */
export interface ExternalIdentityPolicy {
  /** Create an unknown person at first sign-in instead of refusing them. */
  autoCreate: boolean;
  /** The claim or attribute holding group or role names; unset: rights are never taken from the provider. */
  groupsClaim?: string;
  /** Members of any of these groups may own programmes; when the list is non-empty the right follows the groups at every sign-in. */
  ownerGroups: string[];
  /** Likewise for the administrator right. */
  adminGroups: string[];
}

export interface OidcConfig extends ExternalIdentityPolicy {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Shown on the sign-in button ("Logga in med …"). */
  displayName: string;
  /** $APP_BASE_URL/auth/oidc/callback */
  redirectUri: string;
}

/** The IdP as configured by hand (SAML_ENTRY_POINT, SAML_IDP_ISSUER, SAML_IDP_CERT) or read from its metadata. */
export interface SamlIdp {
  /** The IdP's single sign-on URL (HTTP-Redirect binding). */
  entryPoint: string;
  /** The IdP's entity id; a response from any other issuer is refused. */
  idpIssuer: string;
  /** The IdP's signing certificates as PEM (several during rotation). */
  idpCerts: string[];
}

export interface SamlConfig extends ExternalIdentityPolicy {
  /** Set by hand; absent when the IdP comes from metadata (read at the first sign-in). */
  idp?: SamlIdp;
  idpMetadataUrl?: string;
  idpMetadataFile?: string;
  /** Our entity id (the audience); default $APP_BASE_URL/auth/saml/metadata. */
  spEntityId: string;
  /** $APP_BASE_URL/auth/saml/acs */
  acsUrl: string;
  /** Shown on the sign-in button ("Logga in med …"). */
  displayName: string;
  emailAttribute: string;
  nameAttribute: string;
  /** Signs AuthnRequests when both are set (PEM). */
  spPrivateKey?: string;
  spCert?: string;
}

export interface SignInConfig {
  /** Local passwords (POST /auth/login and the password acts); may be off when single sign-on is on. */
  local: boolean;
  /** Single sign-on over OIDC; absent when OIDC_ISSUER is unset. */
  oidc?: OidcConfig;
  /** Single sign-on over SAML 2.0; absent when SAML_ENTRY_POINT is unset. */
  saml?: SamlConfig;
}

/** Settings that are each valid but do not fit together. */
export function checkSignInSettings(e: SignInEnv, ctx: z.RefinementCtx): void {
  if (e.OIDC_ISSUER !== undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      if (e[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OIDC_ISSUER is set' });
    }
    if (!e.OIDC_SCOPES.split(/\s+/).includes('openid')) ctx.addIssue({ code: 'custom', path: ['OIDC_SCOPES'], message: 'must include openid' });
  }
  requireGroupsClaim(ctx, 'OIDC', 'OIDC_GROUPS_CLAIM', e.OIDC_GROUPS_CLAIM, e.OIDC_OWNER_GROUPS, e.OIDC_ADMIN_GROUPS);
  if (e.SAML_IDP_METADATA_URL !== undefined && e.SAML_IDP_METADATA_FILE !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['SAML_IDP_METADATA_FILE'], message: 'give SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE, not both' });
  }
  if (e.SAML_ENTRY_POINT !== undefined && samlMetadata(e)) {
    ctx.addIssue({ code: 'custom', path: ['SAML_ENTRY_POINT'], message: 'give the IdP by metadata or by SAML_ENTRY_POINT, not both' });
  }
  if (e.SAML_ENTRY_POINT !== undefined) {
    if (e.SAML_IDP_ISSUER === undefined) ctx.addIssue({ code: 'custom', path: ['SAML_IDP_ISSUER'], message: 'is required when SAML_ENTRY_POINT is set' });
    if (e.SAML_IDP_CERT.length === 0) ctx.addIssue({ code: 'custom', path: ['SAML_IDP_CERT'], message: 'is required when SAML_ENTRY_POINT is set' });
    e.SAML_IDP_CERT.forEach((cert) => {
      if (!looksLikeCertificate(cert)) ctx.addIssue({ code: 'custom', path: ['SAML_IDP_CERT'], message: 'must be PEM certificates or their base64 bodies, separated by commas' });
    });
  }
  if ((e.SAML_SP_PRIVATE_KEY === undefined) !== (e.SAML_SP_CERT === undefined)) {
    ctx.addIssue({ code: 'custom', path: [e.SAML_SP_CERT === undefined ? 'SAML_SP_CERT' : 'SAML_SP_PRIVATE_KEY'], message: 'SAML_SP_PRIVATE_KEY and SAML_SP_CERT go together' });
  }
  requireGroupsClaim(ctx, 'SAML', 'SAML_GROUPS_ATTRIBUTE', e.SAML_GROUPS_ATTRIBUTE, e.SAML_OWNER_GROUPS, e.SAML_ADMIN_GROUPS);
}

export function signInConfig(e: SignInEnv, baseUrl: string): SignInConfig {
  const site = baseUrl.replace(/\/+$/, '');
  return {
    local: e.AUTH_LOCAL,
    oidc:
      e.OIDC_ISSUER === undefined
        ? undefined
        : {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID!,
            clientSecret: e.OIDC_CLIENT_SECRET!,
            scopes: e.OIDC_SCOPES,
            displayName: e.OIDC_DISPLAY_NAME ?? new URL(e.OIDC_ISSUER).host,
            redirectUri: `${site}/auth/oidc/callback`,
            ...policy(e.OIDC_AUTO_CREATE, e.OIDC_GROUPS_CLAIM, e.OIDC_OWNER_GROUPS, e.OIDC_ADMIN_GROUPS),
          },
    saml:
      e.SAML_ENTRY_POINT === undefined && !samlMetadata(e)
        ? undefined
        : {
            idp: e.SAML_ENTRY_POINT === undefined ? undefined : { entryPoint: e.SAML_ENTRY_POINT, idpIssuer: e.SAML_IDP_ISSUER!, idpCerts: e.SAML_IDP_CERT.map(toPem) },
            idpMetadataUrl: e.SAML_IDP_METADATA_URL,
            idpMetadataFile: e.SAML_IDP_METADATA_FILE,
            spEntityId: e.SAML_SP_ENTITY_ID ?? `${site}/auth/saml/metadata`,
            acsUrl: `${site}/auth/saml/acs`,
            displayName: e.SAML_DISPLAY_NAME ?? new URL(e.SAML_ENTRY_POINT ?? e.SAML_IDP_METADATA_URL ?? site).host,
            emailAttribute: e.SAML_EMAIL_ATTRIBUTE,
            nameAttribute: e.SAML_NAME_ATTRIBUTE,
            ...policy(e.SAML_AUTO_CREATE, e.SAML_GROUPS_ATTRIBUTE, e.SAML_OWNER_GROUPS, e.SAML_ADMIN_GROUPS),
            spPrivateKey: e.SAML_SP_PRIVATE_KEY?.replace(/\\n/g, '\n'),
            spCert: e.SAML_SP_CERT === undefined ? undefined : toPem(e.SAML_SP_CERT),
          },
  };
}

function samlMetadata(e: SignInEnv): boolean {
  return e.SAML_IDP_METADATA_URL !== undefined || e.SAML_IDP_METADATA_FILE !== undefined;
}

/** Group lists grant rights only through a named claim or attribute. */
function requireGroupsClaim(ctx: z.RefinementCtx, prefix: string, claimVariable: string, claim: string | undefined, ownerGroups: string[], adminGroups: string[]): void {
  if ((ownerGroups.length > 0 || adminGroups.length > 0) && claim === undefined) {
    ctx.addIssue({ code: 'custom', path: [claimVariable], message: `is required when ${prefix}_OWNER_GROUPS or ${prefix}_ADMIN_GROUPS is set` });
  }
}

function policy(autoCreate: boolean, groupsClaim: string | undefined, ownerGroups: string[], adminGroups: string[]): ExternalIdentityPolicy {
  return { autoCreate, groupsClaim, ownerGroups, adminGroups };
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/** The base64 body of a PEM certificate, or the value itself when it is already a bare body. */
function certificateBody(value: string): string {
  const match = PEM_CERT.exec(value.replace(/\\n/g, '\n'));
  return (match ? match[1] : value).replace(/\s+/g, '');
}

function looksLikeCertificate(value: string): boolean {
  const body = certificateBody(value);
  return body.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(body);
}

/** A certificate in PEM form, from PEM (with real or escaped newlines) or a bare base64 body. */
export function toPem(value: string): string {
  const lines = certificateBody(value).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
