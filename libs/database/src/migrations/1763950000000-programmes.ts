import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programmes' read model (written only by worker activities) and the append-only event
 * log every projection and every follow-up report is computed from.
 */
export class Programmes1763950000000 implements MigrationInterface {
  name = 'Programmes1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programme_template (
        id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        definition jsonb NOT NULL,
        source text NOT NULL CHECK (source IN ('shipped', 'custom')),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programme_template_pk PRIMARY KEY (id, version)
      )`);
    await q.query(`
      CREATE TABLE programme (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        template_id text NOT NULL,
        template_version integer NOT NULL,
        owner_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'awaiting_gate', 'completed')),
        current_phase_key text,
        start_date date NOT NULL,
        end_date date NOT NULL,
        event_seq integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programme_template_fk FOREIGN KEY (template_id, template_version) REFERENCES programme_template (id, version)
      )`);
    await q.query(`
      CREATE TABLE programme_phase (
        programme_id uuid NOT NULL REFERENCES programme (id),
        key text NOT NULL,
        ordinal integer NOT NULL,
        name jsonb NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'open', 'awaiting_gate', 'closed')),
        opened_at timestamptz,
        closed_at timestamptz,
        gate jsonb,
        gate_status text CHECK (gate_status IN ('pending', 'open', 'approved')),
        CONSTRAINT programme_phase_pk PRIMARY KEY (programme_id, key)
      )`);
    await q.query(`
      CREATE TABLE programme_meeting (
        programme_id uuid NOT NULL REFERENCES programme (id),
        key text NOT NULL,
        phase_key text NOT NULL,
        kind text NOT NULL,
        name jsonb NOT NULL,
        date date NOT NULL,
        participants text[] NOT NULL DEFAULT '{}',
        CONSTRAINT programme_meeting_pk PRIMARY KEY (programme_id, key)
      )`);
    await q.query(`
      CREATE TABLE assignment (
        id uuid PRIMARY KEY,
        programme_id uuid NOT NULL REFERENCES programme (id),
        phase_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('assignment', 'report', 'minutes')),
        template_key text,
        title text NOT NULL,
        description text,
        responsible_id uuid,
        team text,
        due_date date NOT NULL,
        original_due_date date NOT NULL,
        expected_effect text,
        follow_up text,
        resources text,
        status text NOT NULL CHECK (status IN ('done', 'in_progress', 'remaining', 'paused', 'postponed')),
        comment text,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assignment_programme_idx ON assignment (programme_id)`);
    await q.query(`CREATE INDEX assignment_responsible_due_idx ON assignment (responsible_id, due_date) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE TABLE programme_role (
        programme_id uuid NOT NULL REFERENCES programme (id),
        person_id uuid NOT NULL,
        role text NOT NULL,
        team text,
        CONSTRAINT programme_role_pk PRIMARY KEY (programme_id, person_id, role)
      )`);
    await q.query(`CREATE INDEX programme_role_person_idx ON programme_role (person_id)`);
    await q.query(`
      CREATE TABLE gate_decision (
        id bigserial PRIMARY KEY,
        programme_id uuid NOT NULL REFERENCES programme (id),
        phase_key text NOT NULL,
        person_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('approve', 'send_back')),
        comment text,
        decided_at timestamptz NOT NULL
      )`);
    // Append-only: every act on a programme, in order. Reports are computed from it.
    await q.query(`
      CREATE TABLE programme_event (
        id bigserial PRIMARY KEY,
        programme_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        actor_id uuid,
        subject_id text,
        data jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programme_event_seq_uq UNIQUE (programme_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION programme_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'programme_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER programme_event_append_only BEFORE UPDATE OR DELETE ON programme_event
      FOR EACH ROW EXECUTE FUNCTION programme_event_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['programme_event', 'gate_decision', 'programme_role', 'assignment', 'programme_meeting', 'programme_phase', 'programme', 'programme_template']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS programme_event_is_append_only()`);
  }
}
