import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What SCIM provisioning remembers about a person beyond the person row: the identity
 * provider's own id for them (Entra's externalId) and the name parts it sends, so a PATCH of
 * one name part can rebuild the display name. Kept apart from `person`, which is not SCIM's.
 */
export class Scim1764720000000 implements MigrationInterface {
  name = 'Scim1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scim_user (
        person_id uuid NOT NULL,
        external_id text,
        given_name text,
        family_name text,
        CONSTRAINT scim_user_pk PRIMARY KEY (person_id),
        CONSTRAINT scim_user_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX scim_user_external_id_uq ON scim_user (external_id) WHERE external_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scim_user`);
  }
}
