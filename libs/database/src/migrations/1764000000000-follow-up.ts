import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up plans (verksamhetsplaner) for a year and one or more boards, their activities,
 * and the append-only history every follow-up report is computed from. An activity row is
 * only an identity (its natural key makes re-imports idempotent); everything it says lives
 * in follow_up_event, each change with the date it took effect.
 */
export class FollowUp1764000000000 implements MigrationInterface {
  name = 'FollowUp1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_plan (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        municipality text NOT NULL CHECK (length(municipality) BETWEEN 1 AND 200),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        boards jsonb NOT NULL CHECK (jsonb_typeof(boards) = 'array' AND jsonb_array_length(boards) >= 1),
        programme_id uuid REFERENCES programme (id),
        created_by uuid NOT NULL REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_plan_programme_idx ON follow_up_plan (programme_id) WHERE programme_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE follow_up_import (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id),
        file_name text,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        sha256 text NOT NULL,
        as_of date NOT NULL,
        rows integer NOT NULL,
        created integer NOT NULL,
        changed integer NOT NULL,
        unchanged integer NOT NULL,
        actor_id uuid NOT NULL REFERENCES person (id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_import_plan_idx ON follow_up_import (plan_id, recorded_at)`);
    await q.query(`
      CREATE TABLE follow_up_activity (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id),
        natural_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Hashed: activity texts can be longer than a b-tree entry may be.
    await q.query(`CREATE UNIQUE INDEX follow_up_activity_key_uq ON follow_up_activity (plan_id, md5(natural_key))`);
    await q.query(`
      CREATE TABLE follow_up_event (
        id bigserial PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id),
        activity_id uuid NOT NULL REFERENCES follow_up_activity (id),
        type text NOT NULL CHECK (type IN ('created', 'status_changed', 'comment_changed', 'deadline_moved', 'boards_changed')),
        data jsonb NOT NULL,
        effective_on date NOT NULL,
        actor_id uuid REFERENCES person (id),
        import_id uuid REFERENCES follow_up_import (id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Reports read a plan's history in effect order up to a date.
    await q.query(`CREATE INDEX follow_up_event_plan_idx ON follow_up_event (plan_id, effective_on, id)`);
    await q.query(`CREATE INDEX follow_up_event_activity_idx ON follow_up_event (activity_id, id)`);
    await q.query(`
      CREATE FUNCTION follow_up_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['follow_up_event', 'follow_up_import']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION follow_up_history_is_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['follow_up_event', 'follow_up_activity', 'follow_up_import', 'follow_up_plan']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS follow_up_history_is_append_only()`);
  }
}
