import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What single sign-on, SCIM and the local-account acts need to remember: API token expiry,
 * SAML request ids (InResponseTo) and consumed assertion ids (no replay), SCIM bearer
 * tokens, and single-use password reset links. Every secret is stored as a hash only.
 */
export class SignInState1764700000000 implements MigrationInterface {
  name = 'SignInState1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Tokens made before expiry existed get the default lifetime from now, not a sudden cut-off.
    await q.query(`ALTER TABLE api_token ADD COLUMN expires_at timestamptz`);
    await q.query(`UPDATE api_token SET expires_at = now() + interval '90 days'`);
    await q.query(`ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL`);

    // AuthnRequest ids we sent, until the IdP answers or they expire (multi-instance InResponseTo).
    await q.query(`
      CREATE TABLE saml_request (
        id text NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT saml_request_pk PRIMARY KEY (id)
      )`);
    // Assertion ids consumed, kept while the assertion would still be valid.
    await q.query(`
      CREATE TABLE saml_assertion (
        id text NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT saml_assertion_pk PRIMARY KEY (id)
      )`);

    await q.query(`
      CREATE TABLE scim_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT scim_token_pk PRIMARY KEY (id),
        CONSTRAINT scim_token_hash_uq UNIQUE (token_hash),
        CONSTRAINT scim_token_created_by_fk FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE password_reset (
        token_hash text NOT NULL,
        person_id uuid NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT password_reset_pk PRIMARY KEY (token_hash),
        CONSTRAINT password_reset_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
        CONSTRAINT password_reset_created_by_fk FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX password_reset_person_idx ON password_reset (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_reset`);
    await q.query(`DROP TABLE scim_token`);
    await q.query(`DROP TABLE saml_assertion`);
    await q.query(`DROP TABLE saml_request`);
    await q.query(`ALTER TABLE api_token DROP COLUMN expires_at`);
  }
}
