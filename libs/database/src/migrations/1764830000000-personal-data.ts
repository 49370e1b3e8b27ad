import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure (radering, GDPR art. 17) and retention (gallring). Both are remembered in their own
 * tables, which the projection consults after every write, so neither a later event nor a
 * rebuild of the read model brings back what was pseudonymised. The event log itself stays
 * append-only: it is the audit trail, a public record (allmän handling).
 */
export class PersonalData1764830000000 implements MigrationInterface {
  name = 'PersonalData1764830000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per erased person; the number makes the stable pseudonym ("Person 7").
    await q.query(`
      CREATE TABLE person_erasure (
        person_id uuid NOT NULL,
        pseudonym_no bigserial NOT NULL,
        reason text NOT NULL,
        erased_by uuid,
        erased_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_erasure_pk PRIMARY KEY (person_id),
        CONSTRAINT person_erasure_pseudonym_uq UNIQUE (pseudonym_no),
        CONSTRAINT person_erasure_person_fk FOREIGN KEY (person_id) REFERENCES person (id)
      )`);
    // One row per programme whose retention period has ended and been applied.
    await q.query(`
      CREATE TABLE programme_retention (
        programme_id uuid NOT NULL,
        completed_at timestamptz NOT NULL,
        after_completion_months integer NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        mail_purged integer NOT NULL DEFAULT 0,
        CONSTRAINT programme_retention_pk PRIMARY KEY (programme_id),
        CONSTRAINT programme_retention_programme_fk FOREIGN KEY (programme_id) REFERENCES programme (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_retention`);
    await q.query(`DROP TABLE person_erasure`);
  }
}
