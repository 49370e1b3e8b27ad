import { MigrationInterface, QueryRunner } from 'typeorm';

/** People, their local passwords, API tokens and browser sessions. */
export class PeopleAndAuth1763900000000 implements MigrationInterface {
  name = 'PeopleAndAuth1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "person" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "email" text NOT NULL,
        "organisation_unit" text,
        "language" text NOT NULL DEFAULT 'sv',
        "can_own_programmes" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "person_pk" PRIMARY KEY ("id"),
        CONSTRAINT "person_name_ck" CHECK (btrim("name") <> ''),
        CONSTRAINT "person_email_ck" CHECK ("email" LIKE '_%@_%'),
        CONSTRAINT "person_language_ck" CHECK ("language" IN ('sv', 'en'))
      )`);
    // E-mail is unique regardless of case: Anna.Lind@kommun.se and anna.lind@kommun.se are one person.
    await q.query(`CREATE UNIQUE INDEX "person_email_uq" ON "person" (lower("email"))`);

    await q.query(`
      CREATE TABLE "local_credential" (
        "person_id" uuid NOT NULL,
        "password_hash" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "local_credential_pk" PRIMARY KEY ("person_id"),
        CONSTRAINT "local_credential_person_fk" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE "api_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "name" text NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz,
        "revoked_at" timestamptz,
        CONSTRAINT "api_token_pk" PRIMARY KEY ("id"),
        CONSTRAINT "api_token_hash_uq" UNIQUE ("token_hash"),
        CONSTRAINT "api_token_person_fk" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "api_token_person_idx" ON "api_token" ("person_id")`);

    await q.query(`
      CREATE TABLE "auth_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "id_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "auth_session_pk" PRIMARY KEY ("id"),
        CONSTRAINT "auth_session_id_hash_uq" UNIQUE ("id_hash"),
        CONSTRAINT "auth_session_person_fk" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "auth_session_person_idx" ON "auth_session" ("person_id")`);
    await q.query(`CREATE INDEX "auth_session_expires_idx" ON "auth_session" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth_session"`);
    await q.query(`DROP TABLE "api_token"`);
    await q.query(`DROP TABLE "local_credential"`);
    await q.query(`DROP TABLE "person"`);
  }
}
