import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gates decided in rounds: each opening (and each re-opening by the owner) is a round with
 * its own members, snapshot and deadline. Decisions now include approval with conditions
 * and abstention, and belong to a round.
 */
export class GateRounds1764100000000 implements MigrationInterface {
  name = 'GateRounds1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gate_round (
        programme_id uuid NOT NULL REFERENCES programme (id),
        phase_key text NOT NULL,
        round integer NOT NULL CHECK (round >= 1),
        status text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'withdrawn')),
        rule text NOT NULL,
        quorum integer,
        due_date date NOT NULL,
        members uuid[] NOT NULL,
        snapshot jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        reason text,
        CONSTRAINT gate_round_pk PRIMARY KEY (programme_id, phase_key, round)
      )`);
    await q.query(`ALTER TABLE gate_decision ADD COLUMN round integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE gate_decision ADD COLUMN conditions jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE gate_decision DROP CONSTRAINT gate_decision_decision_check`);
    await q.query(
      `ALTER TABLE gate_decision ADD CONSTRAINT gate_decision_decision_check CHECK (decision IN ('approve', 'approve_with_conditions', 'send_back', 'abstain'))`,
    );
    await q.query(`CREATE INDEX gate_decision_round_idx ON gate_decision (programme_id, phase_key, round)`);
    await q.query(`ALTER TABLE programme_phase DROP CONSTRAINT programme_phase_gate_status_check`);
    await q.query(
      `ALTER TABLE programme_phase ADD CONSTRAINT programme_phase_gate_status_check CHECK (gate_status IN ('pending', 'open', 'approved', 'rejected', 'withdrawn'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme_phase DROP CONSTRAINT programme_phase_gate_status_check`);
    await q.query(`ALTER TABLE programme_phase ADD CONSTRAINT programme_phase_gate_status_check CHECK (gate_status IN ('pending', 'open', 'approved'))`);
    await q.query(`DROP INDEX gate_decision_round_idx`);
    await q.query(`ALTER TABLE gate_decision DROP CONSTRAINT gate_decision_decision_check`);
    await q.query(`ALTER TABLE gate_decision ADD CONSTRAINT gate_decision_decision_check CHECK (decision IN ('approve', 'send_back'))`);
    await q.query(`ALTER TABLE gate_decision DROP COLUMN conditions`);
    await q.query(`ALTER TABLE gate_decision DROP COLUMN round`);
    await q.query(`DROP TABLE gate_round`);
  }
}
