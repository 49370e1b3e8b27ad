import { z } from 'zod';

// Request hardening settings: sign-in throttling, password hashing concurrency, the proxy
// trust that decides a client's address. config.ts merges the fields into its schema.

const whole = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

export const securityFields = {
  /** Failed password checks for one e-mail address within the window before it is refused. */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: whole(10, 1, 10_000),
  /** Failed password checks from one client address within the window (many people may share a school's NAT). */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: whole(100, 1, 1_000_000),
  SIGN_IN_FAILURE_WINDOW_MINUTES: whole(15, 1, 24 * 60),
  /** scrypt runs on libuv's thread pool (4 threads by default), shared with file and DNS work. */
  PASSWORD_HASH_CONCURRENCY: whole(2, 1, 64),
  /** Hashes waiting for a slot beyond this are refused with 503 rather than queued. */
  PASSWORD_HASH_QUEUE_LIMIT: whole(100, 0, 100_000),
  /**
   * Express's "trust proxy": unset trusts no proxy (the client address is the socket's). Behind
   * a load balancer: its address or subnet (e.g. 10.0.0.0/8), "loopback", or a hop count.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^(\d{1,2}|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/.test(v), {
      message: 'must be a hop count, or addresses, subnets or loopback/linklocal/uniquelocal separated by commas',
    }),
};

type SecurityEnv = z.infer<z.ZodObject<typeof securityFields>>;

export interface SecurityConfig {
  signInThrottle: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number };
  passwordHashing: { concurrency: number; queueLimit: number };
  /** The value for Express's "trust proxy"; false when unset. */
  trustProxy: boolean | number | string;
}

export function securityConfig(e: SecurityEnv): SecurityConfig {
  const proxy = e.TRUST_PROXY;
  return {
    signInThrottle: {
      maxFailuresPerAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: e.SIGN_IN_FAILURE_WINDOW_MINUTES * 60,
    },
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY, queueLimit: e.PASSWORD_HASH_QUEUE_LIMIT },
    trustProxy: proxy === undefined || proxy === 'false' ? false : proxy === 'true' ? true : /^\d+$/.test(proxy) ? Number(proxy) : proxy,
  };
}
