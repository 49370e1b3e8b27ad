import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutbox1763856000000 implements MigrationInterface {
  name = 'MailOutbox1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mail_outbox" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "message_id" text NOT NULL,
        "to_address" text NOT NULL,
        "subject" text NOT NULL,
        "text_body" text NOT NULL,
        "html_body" text,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CONSTRAINT "mail_outbox_pk" PRIMARY KEY ("id"),
        CONSTRAINT "mail_outbox_key_uq" UNIQUE ("key"),
        CONSTRAINT "mail_outbox_message_id_uq" UNIQUE ("message_id"),
        CONSTRAINT "mail_outbox_status_ck" CHECK ("status" IN ('pending', 'sent', 'failed'))
      )`);
    await q.query(`CREATE INDEX "mail_outbox_pending_idx" ON "mail_outbox" ("status", "created_at") WHERE "status" <> 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mail_outbox"`);
  }
}
