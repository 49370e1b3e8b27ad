import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account lifecycle and single sign-on: the administrator right, deactivation, links from
 * a person to their identities at OIDC and SAML providers, and the security audit log.
 */
export class AccountsAndSso1764600000000 implements MigrationInterface {
  name = 'AccountsAndSso1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN is_admin boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE person ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE person ADD COLUMN deactivated_at timestamptz`);
    // Whoever could manage people before keeps doing so: owners become administrators once.
    await q.query(`UPDATE person SET is_admin = true WHERE can_own_programmes`);

    await q.query(`
      CREATE TABLE person_identity (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        protocol text NOT NULL,
        issuer text NOT NULL,
        subject text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        CONSTRAINT person_identity_pk PRIMARY KEY (id),
        CONSTRAINT person_identity_protocol_ck CHECK (protocol IN ('oidc', 'saml')),
        CONSTRAINT person_identity_subject_uq UNIQUE (issuer, subject),
        CONSTRAINT person_identity_person_issuer_uq UNIQUE (person_id, issuer),
        CONSTRAINT person_identity_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
      )`);

    // How a session was started at an identity provider, for single logout (id_token hint, SAML NameID).
    await q.query(`ALTER TABLE auth_session ADD COLUMN external jsonb`);

    // Append-only: who changed whose rights, sign-ins, deactivations. Never a password or token.
    await q.query(`
      CREATE TABLE security_audit (
        id bigserial NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        actor_person_id uuid,
        subject_person_id uuid,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT security_audit_pk PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX security_audit_subject_idx ON security_audit (subject_person_id, at DESC)`);
    await q.query(`CREATE INDEX security_audit_at_idx ON security_audit (at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_audit`);
    await q.query(`DROP TABLE person_identity`);
    await q.query(`ALTER TABLE auth_session DROP COLUMN external`);
    await q.query(`ALTER TABLE person DROP COLUMN deactivated_at, DROP COLUMN active, DROP COLUMN is_admin`);
  }
}
