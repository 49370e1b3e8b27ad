import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { optionalCount, optionalUrl, port } from './fields';
import { metricsConfig, metricsFields, type MetricsConfig } from './metrics-config';
import { tracingConfig, tracingFields, type TracingConfig } from './tracing-config';
import { reportBrandingConfig, reportBrandingFields, type ReportBranding } from './report-branding';
import { checkPayloadKeySettings, parsePayloadKeys, payloadKeyConfig, payloadKeyFields, type PayloadKey } from './payload-keys';
import { securityConfig, securityFields, type SecurityConfig } from './security-config';
import { checkSignInSettings, signInConfig, signInFields, type SignInConfig } from './sign-in-config';

/**
 * The one place that reads the environment. Everything else receives a typed
 * AppConfig. A bad value stops the start with the variable's name and the reason.
 */

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
  // Loopback unless told otherwise: development has public demo passwords (containers set 0.0.0.0).
  API_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
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
  // How long the API waits for Temporal on a request before answering 503 (see README, "Temporal unreachable").
  TEMPORAL_CALL_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 60')
    .max(60, 'must be between 1 and 60')
    .default(5),

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
  ...signInFields,
  ...securityFields,
  ...payloadKeyFields,
  ...metricsFields,
  ...tracingFields,
  ...reportBrandingFields,

  LINK_TTL_DAYS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 365').max(365, 'must be between 1 and 365').default(30),
}).superRefine((e, ctx) => {
  checkSignInSettings(e, ctx);
  checkPayloadKeySettings(e, ctx);
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
  /** host: the address the API listens on (API_HOST; loopback by default). */
  api: { port: number; host: string; baseUrl: string };
  /**
   * payloadKeys: the codec's keys (first encrypts); unset outside production, see temporalPayloadKeys().
   * uiOrigins: the Temporal Web UI's origins, which may call the codec endpoint with credentials.
   * callTimeoutSeconds: the deadline of each call the API makes to Temporal while answering a request.
   */
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    devPort: number;
    uiPort: number;
    callTimeoutSeconds: number;
    payloadKeys?: PayloadKey[];
    uiOrigins: string[];
  };
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
  /** Local passwords and single sign-on (see sign-in-config.ts). */
  auth: SignInConfig;
  /** Sign-in throttling, password hashing concurrency, proxy trust (see security-config.ts). */
  security: SecurityConfig;
  /** Who may scrape /metrics, and where the worker serves it (see metrics-config.ts). */
  metrics: MetricsConfig;
  /** Where OpenTelemetry spans go, if anywhere (see tracing-config.ts). */
  tracing: TracingConfig;
  /** The municipality's logo for exported reports, read at start-up (see report-branding.ts). */
  reports: ReportBranding;
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
    api: { port: e.API_PORT, host: e.API_HOST, baseUrl },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      callTimeoutSeconds: e.TEMPORAL_CALL_TIMEOUT_SECONDS,
      ...payloadKeyConfig(e),
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
    auth: signInConfig(e, baseUrl),
    security: securityConfig(e),
    metrics: metricsConfig(e),
    tracing: tracingConfig(e),
    reports: reportBrandingConfig(e),
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

function redact(name: string, value: string): string {
  if (name.endsWith('_SECRET') || name.endsWith('_PRIVATE_KEY') || name.endsWith('_KEYS') || name.endsWith('_TOKEN')) return '***';
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

/**
 * The Temporal payload codec's keys: TEMPORAL_PAYLOAD_KEYS, or (development and test only)
 * one generated key kept in DATA_DIR/temporal-payload-key (mode 0600), shared by the API and
 * the worker, so that workflow histories are encrypted with no setup.
 */
export function temporalPayloadKeys(config: AppConfig): PayloadKey[] {
  if (config.temporal.payloadKeys !== undefined) return config.temporal.payloadKeys;
  const file = path.join(config.dataDir, 'temporal-payload-key');
  const kept = keptSecret(config, undefined, 'TEMPORAL_PAYLOAD_KEYS', 'temporal-payload-key', 1, () => `local:${randomBytes(32).toString('base64')}`);
  const keys = parsePayloadKeys(kept);
  if (typeof keys === 'string') throw new ConfigError([`${file} ${keys}; delete it to have a new one made`]);
  return keys;
}

function keptSecret(
  config: AppConfig,
  configured: string | undefined,
  variable: string,
  fileName: string,
  minLength: number,
  make: () => string = () => randomBytes(48).toString('base64url'),
): string {
  if (configured !== undefined) return configured;
  if (config.env === 'production') throw new ConfigError([`${variable} is required when NODE_ENV=production`]);
  const file = path.join(config.dataDir, fileName);
  const existing = readSecretFile(file, minLength);
  if (existing !== undefined) return existing;

  mkdirSync(config.dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, `${make()}\n`, { mode: 0o600, flag: 'wx' });
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
