import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a request is, for telling a retry from another request under the same key. */
export interface IdempotentRequest {
  personId: string;
  key: string;
  method: string;
  path: string;
  bodyHash: string;
}

/**
 * The answer to "may this attempt act?": `claimed` (a new key, or one whose earlier attempt
 * stopped answering: act, then complete or release), `completed` (answer with the stored
 * result), `in_progress` (another attempt is acting right now) or `mismatch` (the key was
 * used for a different request).
 */
export type IdempotencyClaim =
  | { outcome: 'claimed'; id: string; attempt: number; takenOver: boolean }
  | { outcome: 'completed'; responseStatus: number; responseBody: unknown }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' };

interface Row {
  id: string;
  request_method: string;
  request_path: string;
  body_hash: string;
  status: 'in_progress' | 'completed';
  attempt: number;
  stale: boolean;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Idempotency keys (`idempotency_key`), unique per person. The row is written before the act
 * runs, so an attempt that dies half-way still leaves a trace its retry finds.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the first attempt under `request.key`, or reports what an earlier one left. An
   * in-progress row older than `staleAfterSeconds` is taken over (same id, next attempt):
   * its attempt is presumed dead. Rows older than `keepHours` are swept first.
   */
  async claim(request: IdempotentRequest, options: { staleAfterSeconds: number; keepHours: number }): Promise<IdempotencyClaim> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [options.keepHours]);
    // A few rounds: the row may be released or taken over between our statements.
    for (let round = 0; round < 5; round++) {
      const inserted = await this.dataSource.query<Array<{ id: string; attempt: number }>>(
        `INSERT INTO idempotency_key (person_id, key, request_method, request_path, body_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person_id, key) DO NOTHING
         RETURNING id, attempt`,
        [request.personId, request.key, request.method, request.path, request.bodyHash],
      );
      if (inserted[0]) return { outcome: 'claimed', id: inserted[0].id, attempt: inserted[0].attempt, takenOver: false };

      const [row] = await this.dataSource.query<Row[]>(
        `SELECT id, request_method, request_path, body_hash, status, attempt, response_status, response_body,
                started_at < now() - make_interval(secs => $3) AS stale
           FROM idempotency_key WHERE person_id = $1 AND key = $2`,
        [request.personId, request.key, options.staleAfterSeconds],
      );
      if (!row) continue;
      if (row.request_method !== request.method || row.request_path !== request.path || row.body_hash !== request.bodyHash) return { outcome: 'mismatch' };
      if (row.status === 'completed') return { outcome: 'completed', responseStatus: row.response_status!, responseBody: row.response_body };
      if (!row.stale) return { outcome: 'in_progress' };
      // Compare-and-set on the attempt number: of two retries taking over at once, one wins.
      // UPDATE answers [rows, count] through TypeORM.
      const [[taken]] = await this.dataSource.query<[Array<{ attempt: number }>, number]>(
        `UPDATE idempotency_key SET attempt = attempt + 1, started_at = now()
          WHERE id = $1 AND attempt = $2 AND status = 'in_progress' RETURNING attempt`,
        [row.id, row.attempt],
      );
      if (taken) return { outcome: 'claimed', id: row.id, attempt: taken.attempt, takenOver: true };
    }
    // Still changing under us after several rounds: as busy as an attempt in progress.
    return { outcome: 'in_progress' };
  }

  /**
   * Stores the answer of attempt `attempt`. False when a later attempt took the key over
   * meanwhile (its answer is the one kept) or the row is gone.
   */
  async complete(id: string, attempt: number, responseStatus: number, responseBody: unknown): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE idempotency_key SET status = 'completed', response_status = $3, response_body = $4::jsonb, completed_at = now()
        WHERE id = $1 AND attempt = $2 AND status = 'in_progress'`,
      [id, attempt, responseStatus, responseBody === undefined ? null : JSON.stringify(responseBody)],
    );
    return affected > 0;
  }

  /** Forgets attempt `attempt` (it failed in a way worth retrying), so the key may be used again at once. */
  async release(id: string, attempt: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE id = $1 AND attempt = $2 AND status = 'in_progress'`, [id, attempt]);
  }
}
