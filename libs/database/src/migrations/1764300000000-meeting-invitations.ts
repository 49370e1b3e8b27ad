import { MigrationInterface, QueryRunner } from 'typeorm';

/** Meetings get a start time and length, and track their invitation: status and iCalendar SEQUENCE. */
export class MeetingInvitations1764300000000 implements MigrationInterface {
  name = 'MeetingInvitations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme_meeting ADD COLUMN start_time text NOT NULL DEFAULT '09:00'`);
    await q.query(`ALTER TABLE programme_meeting ADD COLUMN duration_minutes integer NOT NULL DEFAULT 120 CHECK (duration_minutes > 0)`);
    await q.query(`ALTER TABLE programme_meeting ADD COLUMN sequence integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE programme_meeting ADD COLUMN status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'invited', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['status', 'sequence', 'duration_minutes', 'start_time']) await q.query(`ALTER TABLE programme_meeting DROP COLUMN ${column}`);
  }
}
