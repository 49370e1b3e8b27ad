import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottleCount {
  key: string;
  /** Attempts counted in the current window, this one included. */
  failures: number;
  windowEndsAt: Date;
  /** The database's clock when counted, so Retry-After does not depend on this host's clock. */
  now: Date;
}

/**
 * Attempt counters for password checks (`sign_in_throttle`), in PostgreSQL so that every
 * API instance sees the same counts. An attempt is counted before the password is checked
 * (so parallel guesses cannot slip past the limit) and taken back when it succeeds.
 */
@Injectable()
export class ThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt against each key in one statement; a key whose window has ended
   * starts a new one of `windowSeconds`. Returns each key's count after this attempt.
   */
  async countAttempt(keys: readonly string[], windowSeconds: number): Promise<ThrottleCount[]> {
    // Sorted, so concurrent statements lock rows in the same order (no deadlock).
    const sorted = [...new Set(keys)].sort();
    const rows = await this.dataSource.query<Array<{ key: string; failures: number; window_ends_at: Date; now: Date }>>(
      `INSERT INTO sign_in_throttle AS t (key, failures, window_ends_at)
       SELECT k, 1, now() + make_interval(secs => $2) FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.failures + 1 END,
         window_ends_at = CASE WHEN t.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE t.window_ends_at END
       RETURNING key, failures, window_ends_at, now() AS now`,
      [sorted, windowSeconds],
    );
    return rows.map((r) => ({ key: r.key, failures: Number(r.failures), windowEndsAt: r.window_ends_at, now: r.now }));
  }

  /**
   * A successful check: the account's count is cleared, and the attempt is taken back from
   * the address's, in one transaction. Also sweeps ended windows.
   */
  async succeeded(clear: readonly string[], takeBack: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (clear.length > 0) await manager.query(`DELETE FROM sign_in_throttle WHERE key = ANY($1::text[])`, [[...clear]]);
      if (takeBack.length > 0) {
        await manager.query(`UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = ANY($1::text[]) AND failures > 0 AND window_ends_at > now()`, [[...takeBack].sort()]);
      }
      await manager.query(`DELETE FROM sign_in_throttle WHERE window_ends_at <= now()`);
    });
  }
}
