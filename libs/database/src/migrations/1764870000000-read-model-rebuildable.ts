import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Source-of-truth tables stop referencing the programme read model. A plan's link and a
 * retention mark must survive a TRUNCATE of the read model (which would otherwise cascade
 * into them, or be refused) so that `npm run rebuild-read-model` can start from empty. The
 * API still checks that a programme exists before linking a plan to it.
 */
export class ReadModelRebuildable1764870000000 implements MigrationInterface {
  name = 'ReadModelRebuildable1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up_plan DROP CONSTRAINT follow_up_plan_programme_id_fkey`);
    await q.query(`ALTER TABLE programme_retention DROP CONSTRAINT programme_retention_programme_fk`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme_retention ADD CONSTRAINT programme_retention_programme_fk FOREIGN KEY (programme_id) REFERENCES programme (id)`);
    await q.query(`ALTER TABLE follow_up_plan ADD CONSTRAINT follow_up_plan_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme (id)`);
  }
}
