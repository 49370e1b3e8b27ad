import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a typed
 * AppConfig. A bad value stops the start with the variable's name and the reason.
 */

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const optionalUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL like ${example}` },
    );

/** A positive whole number up to `max`; unset keeps the library's own default. */
const optionalCount = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' || v === undefined ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= max), { message: `must be a whole number between 1 and ${max}` });

/** true/false (also 1/0, yes/no); unset takes the default. */
const flag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .refine((v) => v === undefined || v === '' || ['true', 'false', '1', '0', 'yes', 'no'].includes(v), { message: 'must be true or false' })
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

/** A comma-separated list; unset or empty is an empty list. */
const list = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''));

const optionalText = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const MIN_SESSION_SECRET_LENGTH = 32;
export const MIN_LINK_SIGNING_SECRET_LENGTH = 32;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('data'),
  API_PORT: port(3000),
  APP_BASE_URL: optionalUrl(['http:', 'https:'], 'https://fullfolj.example.se'),

  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^[A-Za-z0-9.-]+:\d{1,5}$/.test(v), { message: 'must be host:port, e.g. temporal.internal:7233' }),
  TEMPORAL_NAMESPACE: z.string().trim().min(1, 'must not be empty').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1, 'must not be empty').default('fullfolj'),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),

  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/fullfolj'),
  EMBEDDED_POSTGRES_PORT: port(54329),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 500').max(500, 'must be between 1 and 500').default(20),

  WORKER_MAX_CACHED_WORKFLOWS: optionalCount(100_000),
  WORKER_MAX_CONCURRENT_ACTIVITIES: optionalCount(10_000),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: optionalCount(10_000),

  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.se:587'),
  EMBEDDED_SMTP_PORT: port(2525),
  MAIL_FROM: z.string().trim().min(3, 'must be an address like "Fullfölj <no-reply@kommun.se>"').default('Fullfölj <no-reply@fullfolj.local>'),
  DEV_MAIL_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),

  SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(600).default(20),

  SESSION_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= MIN_SESSION_SECRET_LENGTH, {
      message: `must be at least ${MIN_SESSION_SECRET_LENGTH} characters`,
    }),

  LINK_SIGNING_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= MIN_LINK_SIGNING_SECRET_LENGTH, {
      message: `must be at least ${MIN_LINK_SIGNING_SECRET_LENGTH} characters`,
    }),
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

  LINK_TTL_DAYS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 365').max(365, 'must be between 1 and 365').default(30),
}).superRefine((e, ctx) => {
  if (e.OIDC_ISSUER !== undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      if (e[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OIDC_ISSUER is set' });
    }
    if (!e.OIDC_SCOPES.split(/\s+/).includes('openid')) ctx.addIssue({ code: 'custom', path: ['OIDC_SCOPES'], message: 'must include openid' });
  }
  if ((e.OIDC_OWNER_GROUPS.length > 0 || e.OIDC_ADMIN_GROUPS.length > 0) && e.OIDC_GROUPS_CLAIM === undefined) {
    ctx.addIssue({ code: 'custom', path: ['OIDC_GROUPS_CLAIM'], message: 'is required when OIDC_OWNER_GROUPS or OIDC_ADMIN_GROUPS is set' });
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
  if ((e.SAML_OWNER_GROUPS.length > 0 || e.SAML_ADMIN_GROUPS.length > 0) && e.SAML_GROUPS_ATTRIBUTE === undefined) {
    ctx.addIssue({ code: 'custom', path: ['SAML_GROUPS_ATTRIBUTE'], message: 'is required when SAML_OWNER_GROUPS or SAML_ADMIN_GROUPS is set' });
  }
  if (e.NODE_ENV === 'production' && e.SESSION_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['SESSION_SECRET'],
      message: `is required when NODE_ENV=production (at least ${MIN_SESSION_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 48\`)`,
    });
  }
  if (e.NODE_ENV === 'production' && e.LINK_SIGNING_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['LINK_SIGNING_SECRET'],
      message: `is required when NODE_ENV=production (at least ${MIN_LINK_SIGNING_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 48\`)`,
    });
  }
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  api: { port: number; baseUrl: string };
  temporal: { address?: string; namespace: string; taskQueue: string; devPort: number; uiPort: number };
  database: { url?: string; embeddedPort: number; poolSize: number };
  /** Temporal worker tuning; unset values keep the SDK's defaults (see README, "Scaling out"). */
  worker: { maxCachedWorkflows?: number; maxConcurrentActivities?: number; maxConcurrentWorkflowTasks?: number };
  /** devMailDir: the embedded SMTP sink's folder, read by the development outbox page; never set in production. */
  smtp: { url?: string; embeddedPort: number; from: string; devMailDir?: string };
  shutdownGraceSeconds: number;
  /** Always set in production; elsewhere it may be unset (see sessionSecret()). */
  session: { secret?: string };
  /**
   * Signed links in e-mail that open one item for one person without signing in.
   * The secret is always set in production; elsewhere it may be unset (see linkSigningSecret()).
   */
  links: { signingSecret?: string; ttlDays: number };
  auth: {
    /** Local passwords (POST /auth/login and the password acts); may be off when single sign-on is on. */
    local: boolean;
    /** Single sign-on over OIDC; absent when OIDC_ISSUER is unset. */
    oidc?: OidcConfig;
    /** Single sign-on over SAML 2.0; absent when SAML_ENTRY_POINT is unset. */
    saml?: SamlConfig;
  };
}

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

export interface SamlConfig extends ExternalIdentityPolicy {
  /** The IdP's single sign-on URL (HTTP-Redirect binding). */
  entryPoint: string;
  /** The IdP's entity id; a response from any other issuer is refused. */
  idpIssuer: string;
  /** The IdP's signing certificates as PEM (several during rotation). */
  idpCerts: string[];
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        const value = env[name];
        const shown = value === undefined ? '' : ` (got "${redact(name, value)}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const baseUrl = e.APP_BASE_URL ?? `http://localhost:${e.API_PORT}`;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.DATA_DIR),
    api: { port: e.API_PORT, baseUrl },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    database: { url: e.DATABASE_URL, embeddedPort: e.EMBEDDED_POSTGRES_PORT, poolSize: e.DATABASE_POOL_SIZE },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
    smtp: {
      url: e.SMTP_URL,
      embeddedPort: e.EMBEDDED_SMTP_PORT,
      from: e.MAIL_FROM,
      devMailDir: e.NODE_ENV === 'production' || !e.DEV_MAIL_DIR ? undefined : path.resolve(e.DEV_MAIL_DIR),
    },
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    session: { secret: e.SESSION_SECRET },
    links: { signingSecret: e.LINK_SIGNING_SECRET, ttlDays: e.LINK_TTL_DAYS },
    auth: {
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
              redirectUri: `${baseUrl.replace(/\/+$/, '')}/auth/oidc/callback`,
              autoCreate: e.OIDC_AUTO_CREATE,
              groupsClaim: e.OIDC_GROUPS_CLAIM,
              ownerGroups: e.OIDC_OWNER_GROUPS,
              adminGroups: e.OIDC_ADMIN_GROUPS,
            },
      saml:
        e.SAML_ENTRY_POINT === undefined
          ? undefined
          : {
              entryPoint: e.SAML_ENTRY_POINT,
              idpIssuer: e.SAML_IDP_ISSUER!,
              idpCerts: e.SAML_IDP_CERT.map(toPem),
              spEntityId: e.SAML_SP_ENTITY_ID ?? `${baseUrl.replace(/\/+$/, '')}/auth/saml/metadata`,
              acsUrl: `${baseUrl.replace(/\/+$/, '')}/auth/saml/acs`,
              displayName: e.SAML_DISPLAY_NAME ?? new URL(e.SAML_ENTRY_POINT).host,
              emailAttribute: e.SAML_EMAIL_ATTRIBUTE,
              nameAttribute: e.SAML_NAME_ATTRIBUTE,
              autoCreate: e.SAML_AUTO_CREATE,
              groupsClaim: e.SAML_GROUPS_ATTRIBUTE,
              ownerGroups: e.SAML_OWNER_GROUPS,
              adminGroups: e.SAML_ADMIN_GROUPS,
              spPrivateKey: e.SAML_SP_PRIVATE_KEY?.replace(/\\n/g, '\n'),
              spCert: e.SAML_SP_CERT === undefined ? undefined : toPem(e.SAML_SP_CERT),
            },
    },
  };
}

/** Config for a process that talks to the services (API, worker): all three addresses must be known. */
export type ServiceConfig = AppConfig & {
  temporal: AppConfig['temporal'] & { address: string };
  database: AppConfig['database'] & { url: string };
  smtp: AppConfig['smtp'] & { url: string };
};

export function requireServices(config: AppConfig): ServiceConfig {
  const missing: string[] = [];
  if (!config.temporal.address) missing.push('TEMPORAL_ADDRESS is not set');
  if (!config.database.url) missing.push('DATABASE_URL is not set');
  if (!config.smtp.url) missing.push('SMTP_URL is not set');
  if (missing.length > 0) {
    throw new ConfigError([
      ...missing,
      'run `npm start` to get embedded servers, or point these variables at existing ones (see .env.example)',
    ]);
  }
  return config as ServiceConfig;
}

/** Removes credentials from a URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable>';
  }
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
function toPem(value: string): string {
  const lines = certificateBody(value).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function redact(name: string, value: string): string {
  if (name.endsWith('_SECRET') || name.endsWith('_PRIVATE_KEY')) return '***';
  return name.endsWith('_URL') ? redactUrl(value) : value;
}

/**
 * The key that signs session ids: SESSION_SECRET, or (development and test only) a
 * random secret kept in DATA_DIR/session-secret (mode 0600), created on first use, so
 * that sessions survive a restart. Several processes may race to create it; one wins.
 */
export function sessionSecret(config: AppConfig): string {
  return keptSecret(config, config.session.secret, 'SESSION_SECRET', 'session-secret', MIN_SESSION_SECRET_LENGTH);
}

/**
 * The key that signs the item links in e-mail: LINK_SIGNING_SECRET, or (development and
 * test only) a random secret kept in DATA_DIR/link-signing-secret (mode 0600), made on
 * first use and shared by the API (which verifies) and the worker (which signs).
 */
export function linkSigningSecret(config: AppConfig): string {
  return keptSecret(config, config.links.signingSecret, 'LINK_SIGNING_SECRET', 'link-signing-secret', MIN_LINK_SIGNING_SECRET_LENGTH);
}

function keptSecret(config: AppConfig, configured: string | undefined, variable: string, fileName: string, minLength: number): string {
  if (configured !== undefined) return configured;
  if (config.env === 'production') throw new ConfigError([`${variable} is required when NODE_ENV=production`]);
  const file = path.join(config.dataDir, fileName);
  const existing = readSecretFile(file, minLength);
  if (existing !== undefined) return existing;

  mkdirSync(config.dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file); // atomic, and fails if another process was first
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  const created = readSecretFile(file, minLength);
  if (created === undefined) throw new ConfigError([`${file} could not be created`]);
  return created;
}

function readSecretFile(file: string, minLength: number): string | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < minLength) {
    throw new ConfigError([`${file} must hold at least ${minLength} characters; delete it to have a new one made`]);
  }
  return secret;
}
