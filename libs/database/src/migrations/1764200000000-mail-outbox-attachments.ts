import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message in the outbox may carry a calendar event (a meeting invitation, update or
 * cancellation): its iTIP method and the .ics text, stored with the message so that a
 * resend after a crash is the same message, byte for byte.
 */
export class MailOutboxAttachments1764200000000 implements MigrationInterface {
  name = 'MailOutboxAttachments1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "ical_method" text`);
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "ical_content" text`);
    await q.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_ical_ck"
         CHECK (("ical_method" IS NULL AND "ical_content" IS NULL) OR ("ical_method" IS NOT NULL AND "ical_content" IS NOT NULL AND "ical_method" ~ '^[A-Z-]+$'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_ical_ck"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "ical_content"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "ical_method"`);
  }
}
