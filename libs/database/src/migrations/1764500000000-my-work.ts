import { MigrationInterface, QueryRunner } from 'typeorm';

/** "My work" asks for the open gate rounds a person is a member of; a GIN index answers that. */
export class MyWork1764500000000 implements MigrationInterface {
  name = 'MyWork1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX gate_round_open_members_idx ON gate_round USING gin (members) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX gate_round_open_members_idx`);
  }
}
