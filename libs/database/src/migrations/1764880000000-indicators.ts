import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicators of a follow-up plan with their targets, the values recorded per period
 * (append-only, each effective on a date, so a report as of a date reads what was known
 * then), analyses per period as append-only version events, and the periods whose report
 * an owner approved (which locks their analyses).
 */
export class Indicators1764880000000 implements MigrationInterface {
  name = 'Indicators1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_indicator (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id) ON DELETE CASCADE,
        position integer NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        unit jsonb NOT NULL,
        direction text NOT NULL CHECK (direction IN ('higher', 'lower')),
        periodicity text NOT NULL CHECK (periodicity IN ('month', 'term', 'year')),
        baseline jsonb,
        targets jsonb NOT NULL DEFAULT '{}',
        responsible_id uuid REFERENCES person (id) ON DELETE SET NULL,
        source jsonb NOT NULL,
        report_within_working_days integer NOT NULL CHECK (report_within_working_days BETWEEN 0 AND 60),
        created_by uuid REFERENCES person (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX follow_up_indicator_name_uq ON follow_up_indicator (plan_id, lower(name))`);
    await q.query(`CREATE INDEX follow_up_indicator_responsible_idx ON follow_up_indicator (responsible_id)`);
    await q.query(`
      CREATE TABLE follow_up_indicator_link (
        indicator_id uuid NOT NULL REFERENCES follow_up_indicator (id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES follow_up_activity (id) ON DELETE CASCADE,
        PRIMARY KEY (indicator_id, activity_id)
      )`);
    await q.query(`
      CREATE TABLE follow_up_indicator_import (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id) ON DELETE CASCADE,
        file_name text,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        shape text NOT NULL CHECK (shape IN ('fullfolj', 'kolada')),
        sha256 text NOT NULL,
        as_of date NOT NULL,
        rows integer NOT NULL,
        recorded integer NOT NULL,
        skipped integer NOT NULL,
        actor_id uuid REFERENCES person (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE follow_up_indicator_value (
        id bigserial PRIMARY KEY,
        indicator_id uuid NOT NULL REFERENCES follow_up_indicator (id) ON DELETE CASCADE,
        period text NOT NULL,
        value numeric NOT NULL,
        text text,
        comment text,
        effective_on date NOT NULL,
        actor_id uuid REFERENCES person (id) ON DELETE SET NULL,
        import_id uuid REFERENCES follow_up_indicator_import (id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_indicator_value_idx ON follow_up_indicator_value (indicator_id, effective_on, id)`);
    await q.query(`
      CREATE TABLE follow_up_analysis (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id) ON DELETE CASCADE,
        subject_kind text NOT NULL CHECK (subject_kind IN ('goal', 'assignment', 'indicator')),
        subject_key text NOT NULL,
        subject text NOT NULL,
        period text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT follow_up_analysis_uq UNIQUE (plan_id, subject_kind, subject_key, period)
      )`);
    await q.query(`
      CREATE TABLE follow_up_analysis_event (
        id bigserial PRIMARY KEY,
        analysis_id uuid NOT NULL REFERENCES follow_up_analysis (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('drafted', 'marked_ready', 'approved')),
        data jsonb NOT NULL,
        effective_on date NOT NULL,
        actor_id uuid REFERENCES person (id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_analysis_event_idx ON follow_up_analysis_event (analysis_id, effective_on, id)`);
    await q.query(`
      CREATE TABLE follow_up_period_approval (
        plan_id uuid NOT NULL REFERENCES follow_up_plan (id) ON DELETE CASCADE,
        period text NOT NULL,
        approved_on date NOT NULL,
        approved_by uuid REFERENCES person (id) ON DELETE SET NULL,
        approved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['follow_up_period_approval', 'follow_up_analysis_event', 'follow_up_analysis', 'follow_up_indicator_value', 'follow_up_indicator_import', 'follow_up_indicator_link', 'follow_up_indicator']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
