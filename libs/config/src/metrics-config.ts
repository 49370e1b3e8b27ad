import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { flag } from './fields';

// Prometheus metrics: who may scrape /metrics, and where the worker serves its own.
// config.ts merges the fields into its schema and puts the result under `metrics`.

export const MIN_METRICS_TOKEN_LENGTH = 16;

/** 0 lets the system pick a free port (tests); the worker logs the one it got. */
const listenPort = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535').default(fallback);

export const metricsFields = {
  /** Scrapers send `Authorization: Bearer <METRICS_TOKEN>`; unset (and not public) hides /metrics. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= MIN_METRICS_TOKEN_LENGTH, { message: `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters` }),
  /** /metrics without a token, for a scraper on a private network only. */
  METRICS_PUBLIC: flag(false),
  /** Where the worker's metrics server (and Temporal's exporter) listen; loopback unless told otherwise. */
  METRICS_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /** The worker's /metrics (the API serves its own on API_PORT). */
  METRICS_PORT: listenPort(9464),
  /** Temporal SDK's own Prometheus exporter in the worker (unprotected: keep it on a private address); unset is off. */
  TEMPORAL_METRICS_PORT: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' || v === undefined ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 65535), { message: 'must be a port between 1 and 65535' }),
};

type MetricsEnv = z.infer<z.ZodObject<typeof metricsFields>>;

export interface MetricsConfig {
  token?: string;
  public: boolean;
  /** Whether /metrics answers at all: a token or METRICS_PUBLIC. */
  enabled: boolean;
  host: string;
  port: number;
  temporalPort?: number;
}

export function metricsConfig(e: MetricsEnv): MetricsConfig {
  return {
    token: e.METRICS_TOKEN,
    public: e.METRICS_PUBLIC,
    enabled: e.METRICS_PUBLIC || e.METRICS_TOKEN !== undefined,
    host: e.METRICS_HOST,
    port: e.METRICS_PORT,
    temporalPort: e.TEMPORAL_METRICS_PORT,
  };
}

/**
 * Whether a scrape may read /metrics, from its Authorization header: `hidden` (answer as an
 * unknown route) when metrics are off, `unauthorized` without the right bearer token.
 */
export function metricsAccess(config: Pick<MetricsConfig, 'token' | 'public'>, authorization: string | undefined): 'ok' | 'unauthorized' | 'hidden' {
  if (config.public) return 'ok';
  if (config.token === undefined) return 'hidden';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return 'unauthorized';
  // Digests have equal lengths, so the comparison takes the same time whatever was sent.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(config.token)) ? 'ok' : 'unauthorized';
}
