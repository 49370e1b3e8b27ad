import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key of state-changing requests, per person: the first attempt is recorded
 * (in_progress) before the act runs, and its answer once it has one, so a retry with the
 * same key gets that answer instead of acting again. Rows older than a day are swept.
 */
export class IdempotencyKeys1764845000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764845000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        key text NOT NULL,
        request_method text NOT NULL,
        request_path text NOT NULL,
        body_hash text NOT NULL,
        status text NOT NULL DEFAULT 'in_progress',
        attempt integer NOT NULL DEFAULT 1,
        started_at timestamptz NOT NULL DEFAULT now(),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT idempotency_key_pk PRIMARY KEY (id),
        CONSTRAINT idempotency_key_person_key_uq UNIQUE (person_id, key),
        CONSTRAINT idempotency_key_status_ck CHECK (status IN ('in_progress', 'completed')),
        CONSTRAINT idempotency_key_response_ck CHECK (status = 'in_progress' OR response_status IS NOT NULL)
      )`);
    // The sweep deletes by age.
    await q.query(`CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
