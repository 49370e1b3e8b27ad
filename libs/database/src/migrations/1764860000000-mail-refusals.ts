import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail that the SMTP server refused: the reply code next to the reply text (last_error), so
 * a refusal can be told from other failures (an erased recipient) and shown with its code,
 * and when it was refused. The partial index serves "mail that did not reach people".
 */
export class MailRefusals1764860000000 implements MigrationInterface {
  name = 'MailRefusals1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "smtp_code" smallint`);
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "failed_at" timestamptz`);
    await q.query(`ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_smtp_code_ck" CHECK ("smtp_code" IS NULL OR "smtp_code" BETWEEN 200 AND 599)`);
    await q.query(`CREATE INDEX "mail_outbox_refused_idx" ON "mail_outbox" ("failed_at") WHERE "status" = 'failed' AND "smtp_code" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "mail_outbox_refused_idx"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_smtp_code_ck"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "failed_at"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "smtp_code"`);
  }
}
