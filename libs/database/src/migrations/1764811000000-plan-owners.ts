import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may change a follow-up plan: its owners (the creator) and the editors they name.
 * `linked_by` records who linked the plan to a programme: a programme's reports include only
 * plans its owner linked. Existing plans: owner = creator; linked_by = creator.
 */
export class PlanOwners1764811000000 implements MigrationInterface {
  name = 'PlanOwners1764811000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_plan_member (
        plan_id uuid NOT NULL,
        person_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'editor')),
        added_by uuid,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT follow_up_plan_member_pk PRIMARY KEY (plan_id, person_id),
        CONSTRAINT follow_up_plan_member_plan_fk FOREIGN KEY (plan_id) REFERENCES follow_up_plan (id) ON DELETE CASCADE,
        CONSTRAINT follow_up_plan_member_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX follow_up_plan_member_person_idx ON follow_up_plan_member (person_id)`);
    await q.query(`INSERT INTO follow_up_plan_member (plan_id, person_id, role) SELECT id, created_by, 'owner' FROM follow_up_plan`);
    await q.query(`ALTER TABLE follow_up_plan ADD COLUMN linked_by uuid REFERENCES person (id)`);
    await q.query(`UPDATE follow_up_plan SET linked_by = created_by WHERE programme_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up_plan DROP COLUMN linked_by`);
    await q.query(`DROP TABLE follow_up_plan_member`);
  }
}
