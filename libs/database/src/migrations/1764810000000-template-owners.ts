import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may publish new versions of a custom template: its owner (who published version 1) and
 * the co-owners the owner names. Existing templates get their v1 publisher as owner where it was
 * recorded; the rest have none, so only administrators manage them.
 */
export class TemplateOwners1764810000000 implements MigrationInterface {
  name = 'TemplateOwners1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_owner (
        template_id text NOT NULL,
        person_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'co_owner')),
        added_by uuid,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT template_owner_pk PRIMARY KEY (template_id, person_id),
        CONSTRAINT template_owner_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
      )`);
    // One owner per template; co-owners as many as the owner likes.
    await q.query(`CREATE UNIQUE INDEX template_owner_one_owner_uq ON template_owner (template_id) WHERE role = 'owner'`);
    await q.query(`
      INSERT INTO template_owner (template_id, person_id, role)
      SELECT t.id, t.created_by, 'owner'
        FROM programme_template t
        JOIN person p ON p.id = t.created_by
       WHERE t.source = 'custom'
         AND t.version = (SELECT min(version) FROM programme_template f WHERE f.id = t.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE template_owner`);
  }
}
