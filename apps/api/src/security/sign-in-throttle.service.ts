import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { ThrottleRepository } from '@fullfolj/database';
import { PasswordHashingBusyException } from '../auth/passwords';
import { TooManyAttemptsException } from './refusals';

/** Hashed keys: the throttle table holds no e-mail or IP address. */
const key = (kind: 'account' | 'address', value: string) => `${kind}:${createHash('sha256').update(value).digest('base64url')}`;

export interface ThrottledAttempt {
  /** The e-mail address the password is checked for (any case); none for a reset link. */
  account?: string;
  /** The field named in the 429 (email, currentPassword, token). */
  field: string;
}

/**
 * Limits password checks per account and per client address (SIGN_IN_MAX_FAILURES_PER_*
 * within SIGN_IN_FAILURE_WINDOW_MINUTES), counted in PostgreSQL so every API instance
 * shares the counts. The attempt is counted before the password is hashed, so a refused
 * attempt costs no scrypt and parallel guesses cannot slip past the limit; a success takes
 * it back (and clears the account's count).
 */
@Injectable()
export class SignInThrottleService {
  constructor(
    private readonly counts: ThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs `check` (which hashes a password) unless a limit is reached: then 429 with
   * Retry-After, even when the password would be right. `check` answers whether it passed.
   */
  async attempt<T>(request: Request, response: Response, attempt: ThrottledAttempt, check: () => Promise<{ passed: boolean; value: T }>): Promise<T> {
    const limits = this.config.security.signInThrottle;
    const accountKey = attempt.account === undefined ? undefined : key('account', attempt.account.trim().toLowerCase());
    const addressKey = key('address', request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const counted = await this.counts.countAttempt(accountKey ? [accountKey, addressKey] : [addressKey], limits.windowSeconds);
    const over = counted.filter((c) => c.failures > (c.key === accountKey ? limits.maxFailuresPerAccount : limits.maxFailuresPerAddress));
    if (over.length > 0) {
      const seconds = Math.max(...over.map((c) => Math.ceil((c.windowEndsAt.getTime() - c.now.getTime()) / 1000)), 1);
      response.setHeader('Retry-After', String(seconds));
      throw new TooManyAttemptsException(attempt.field, seconds);
    }
    let outcome: { passed: boolean; value: T };
    try {
      outcome = await check();
    } catch (error) {
      if (error instanceof PasswordHashingBusyException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    if (outcome.passed) await this.counts.succeeded(accountKey ? [accountKey] : [], [addressKey]);
    return outcome.value;
  }
}
