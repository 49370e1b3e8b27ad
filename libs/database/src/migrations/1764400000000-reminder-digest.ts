import { MigrationInterface, QueryRunner } from 'typeorm';

/** A person may take one digest e-mail a working day instead of one e-mail per reminder. */
export class ReminderDigest1764400000000 implements MigrationInterface {
  name = 'ReminderDigest1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN reminder_digest boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN reminder_digest`);
  }
}
