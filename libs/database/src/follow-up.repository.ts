import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ActivityChange, ActivityEvent, Board, LocalDate } from '@fullfolj/domain';
import { recordSecurityAudit } from './security-audit.repository';

export interface FollowUpPlanRow {
  id: string;
  name: string;
  municipality: string;
  year: number;
  boards: Board[];
  programmeId: string | null;
  /** Who linked the plan to its programme; a programme's reports include only plans its owner linked. */
  linkedBy: string | null;
  createdBy: string;
  createdAt: string;
}

/** owner: created the plan (ägare); editor: named by an owner (redigerare). Both may import and change it. */
export type PlanMemberRole = 'owner' | 'editor';

export interface PlanMemberRow {
  personId: string;
  name: string;
  role: PlanMemberRole;
  addedAt: string;
}

export interface FollowUpPlanListRow extends FollowUpPlanRow {
  activities: number;
  lastEffectiveOn: string | null;
}

/** A stored change as the history endpoint shows it. */
export interface FollowUpEventView {
  seq: number;
  activityId: string;
  type: ActivityChange['type'];
  data: ActivityChange['data'];
  effectiveOn: LocalDate;
  actorId: string | null;
  actorName: string | null;
  importId: string | null;
  recordedAt: string;
}

export interface NewFollowUpEvent {
  activityId: string;
  change: ActivityChange;
  effectiveOn: LocalDate;
  actorId: string | null;
  importId: string | null;
}

export interface NewFollowUpImport {
  id: string;
  fileName: string | null;
  format: 'csv' | 'xlsx';
  sha256: string;
  asOf: LocalDate;
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  actorId: string;
}

const planColumns = (p = '') => `${p}id, ${p}name, ${p}municipality, ${p}year, ${p}boards, ${p}programme_id AS "programmeId",
  ${p}linked_by AS "linkedBy", ${p}created_by AS "createdBy", to_char(${p}created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;
const PLAN_COLUMNS = planColumns();

interface EventRecord {
  id: string;
  activityId: string;
  type: ActivityChange['type'];
  data: ActivityChange['data'];
  effectiveOn: string;
}

const toEvent = (r: EventRecord): ActivityEvent => ({ activityId: r.activityId, type: r.type, data: r.data, effectiveOn: r.effectiveOn, seq: Number(r.id) } as ActivityEvent);

/** Reads a plan's history in effect order, in batches, so a long history is never held whole. */
async function foldEvents(
  m: EntityManager | DataSource,
  planId: string,
  asOf: LocalDate | null,
  apply: (event: ActivityEvent) => void,
  batchSize: number,
): Promise<void> {
  let after: { effectiveOn: string; id: string } | null = null;
  for (;;) {
    // Annotated: with `m` a union, TypeScript cannot infer the type through the loop.
    const rows: EventRecord[] = await m.query<EventRecord[]>(
      `SELECT id, activity_id AS "activityId", type, data, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn"
         FROM follow_up_event
        WHERE plan_id = $1 AND ($2::date IS NULL OR effective_on <= $2::date)
          AND ($3::date IS NULL OR (effective_on, id) > ($3::date, $4::bigint))
        ORDER BY effective_on, id LIMIT $5`,
      [planId, asOf, after?.effectiveOn ?? null, after?.id ?? null, batchSize],
    );
    for (const row of rows) apply(toEvent(row));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { effectiveOn: last.effectiveOn, id: last.id };
  }
}

/** Changes to one plan, inside a transaction that holds the plan's row lock. */
export class FollowUpPlanTransaction {
  constructor(
    private readonly m: EntityManager,
    readonly plan: FollowUpPlanRow,
  ) {}

  /** The latest date any change of the plan took effect; null for a plan without history. */
  async lastEffectiveOn(): Promise<LocalDate | null> {
    const [row] = await this.m.query<Array<{ d: string | null }>>(`SELECT to_char(max(effective_on), 'YYYY-MM-DD') AS d FROM follow_up_event WHERE plan_id = $1`, [
      this.plan.id,
    ]);
    return row?.d ?? null;
  }

  fold(apply: (event: ActivityEvent) => void, asOf: LocalDate | null = null, batchSize = 5000): Promise<void> {
    return foldEvents(this.m, this.plan.id, asOf, apply, batchSize);
  }

  /** One activity's events in effect order. */
  async foldActivity(activityId: string, apply: (event: ActivityEvent) => void): Promise<void> {
    const rows = await this.m.query<EventRecord[]>(
      `SELECT id, activity_id AS "activityId", type, data, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn"
         FROM follow_up_event WHERE activity_id = $1 AND plan_id = $2 ORDER BY effective_on, id`,
      [activityId, this.plan.id],
    );
    rows.forEach((r) => apply(toEvent(r)));
  }

  /** Activity ids by natural key. */
  async activityKeys(): Promise<Map<string, string>> {
    const rows = await this.m.query<Array<{ id: string; key: string }>>(`SELECT id, natural_key AS key FROM follow_up_activity WHERE plan_id = $1`, [this.plan.id]);
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  async insertActivities(activities: Array<{ id: string; naturalKey: string }>): Promise<void> {
    for (let i = 0; i < activities.length; i += 1000) {
      const chunk = activities.slice(i, i + 1000);
      await this.m.query(
        `INSERT INTO follow_up_activity (id, plan_id, natural_key) SELECT id, $1, key FROM unnest($2::uuid[], $3::text[]) AS t(id, key)`,
        [this.plan.id, chunk.map((a) => a.id), chunk.map((a) => a.naturalKey)],
      );
    }
  }

  async insertImport(row: NewFollowUpImport): Promise<void> {
    await this.m.query(
      `INSERT INTO follow_up_import (id, plan_id, file_name, format, sha256, as_of, rows, created, changed, unchanged, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [row.id, this.plan.id, row.fileName, row.format, row.sha256, row.asOf, row.rows, row.created, row.changed, row.unchanged, row.actorId],
    );
  }

  /** Appends changes in the order given (their ids then order them within a day). */
  async appendEvents(events: NewFollowUpEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000);
      await this.m.query(
        `INSERT INTO follow_up_event (plan_id, activity_id, type, data, effective_on, actor_id, import_id)
         SELECT $1, activity_id, type, data, effective_on, actor_id, import_id
           FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::date[], $6::uuid[], $7::uuid[]) WITH ORDINALITY
                AS t(activity_id, type, data, effective_on, actor_id, import_id, n)
          ORDER BY n`,
        [
          this.plan.id,
          chunk.map((e) => e.activityId),
          chunk.map((e) => e.change.type),
          chunk.map((e) => JSON.stringify(e.change.data)),
          chunk.map((e) => e.effectiveOn),
          chunk.map((e) => e.actorId),
          chunk.map((e) => e.importId),
        ],
      );
    }
  }
}

/** Follow-up plans, their activities and their append-only history (raw SQL, like the programme read model). */
@Injectable()
export class FollowUpRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a plan unless its id exists, with its creator as owner, in one transaction; true when inserted. */
  async insertPlan(plan: Omit<FollowUpPlanRow, 'createdAt' | 'linkedBy'>): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<unknown[]>(
        `INSERT INTO follow_up_plan (id, name, municipality, year, boards, programme_id, linked_by, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::uuid IS NULL THEN NULL ELSE $7::uuid END, $7)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [plan.id, plan.name, plan.municipality, plan.year, JSON.stringify(plan.boards), plan.programmeId, plan.createdBy],
      );
      if (rows.length === 0) return false;
      await m.query(`INSERT INTO follow_up_plan_member (plan_id, person_id, role, added_by) VALUES ($1, $2, 'owner', $2)`, [plan.id, plan.createdBy]);
      return true;
    });
  }

  /** The person's role in the plan; null when they have none. */
  async memberRole(planId: string, personId: string): Promise<PlanMemberRole | null> {
    const [row] = await this.dataSource.query<Array<{ role: PlanMemberRole }>>(`SELECT role FROM follow_up_plan_member WHERE plan_id = $1 AND person_id = $2`, [
      planId,
      personId,
    ]);
    return row?.role ?? null;
  }

  /** Owners first, then editors in the order they were added. */
  members(planId: string): Promise<PlanMemberRow[]> {
    return this.dataSource.query<PlanMemberRow[]>(
      `SELECT m.person_id AS "personId", p.name, m.role, m.added_at AS "addedAt"
         FROM follow_up_plan_member m JOIN person p ON p.id = m.person_id
        WHERE m.plan_id = $1
        ORDER BY m.role = 'owner' DESC, m.added_at, p.name`,
      [planId],
    );
  }

  /** Adds an editor and audits it; false when the person is a member already. */
  async addEditor(planId: string, personId: string, actorId: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<unknown[]>(
        `INSERT INTO follow_up_plan_member (plan_id, person_id, role, added_by) VALUES ($1, $2, 'editor', $3)
         ON CONFLICT (plan_id, person_id) DO NOTHING RETURNING person_id`,
        [planId, personId, actorId],
      );
      if (rows.length === 0) return false;
      await recordSecurityAudit(m, { action: 'plan_editor_added', actorPersonId: actorId, subjectPersonId: personId, detail: { planId } });
      return true;
    });
  }

  /** Removes an editor (never an owner) and audits it; false when they were none. */
  async removeEditor(planId: string, personId: string, actorId: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [deleted] = await m.query<[unknown[], number]>(
        `DELETE FROM follow_up_plan_member WHERE plan_id = $1 AND person_id = $2 AND role = 'editor' RETURNING person_id`,
        [planId, personId],
      );
      if (deleted.length === 0) return false;
      await recordSecurityAudit(m, { action: 'plan_editor_removed', actorPersonId: actorId, subjectPersonId: personId, detail: { planId } });
      return true;
    });
  }

  /** Links the plan to a programme (or unlinks it with null), recording who linked it. */
  async linkProgramme(planId: string, programmeId: string | null, actorId: string): Promise<void> {
    await this.dataSource.query(`UPDATE follow_up_plan SET programme_id = $2, linked_by = CASE WHEN $2::uuid IS NULL THEN NULL ELSE $3::uuid END WHERE id = $1`, [
      planId,
      programmeId,
      actorId,
    ]);
  }

  /** Whether the person owns the programme (false for a programme that does not exist). */
  async isProgrammeOwner(programmeId: string, personId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM programme p WHERE p.id = $1
          AND (p.owner_id = $2 OR EXISTS (SELECT 1 FROM programme_role r WHERE r.programme_id = p.id AND r.person_id = $2 AND r.role = 'owner'))`,
      [programmeId, personId],
    );
    return rows.length > 0;
  }

  /** Whether the person has any role in the programme. */
  async hasProgrammeRole(programmeId: string, personId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM programme p WHERE p.id = $1
          AND (p.owner_id = $2 OR EXISTS (SELECT 1 FROM programme_role r WHERE r.programme_id = p.id AND r.person_id = $2))`,
      [programmeId, personId],
    );
    return rows.length > 0;
  }

  async findPlan(id: string): Promise<FollowUpPlanRow | null> {
    const [row] = await this.dataSource.query<FollowUpPlanRow[]>(`SELECT ${PLAN_COLUMNS} FROM follow_up_plan WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * The plans a person owns or edits, or may read through a role in the programme they are
   * linked to; `programmeId` is null where the person has no role in that programme.
   */
  listPlansFor(personId: string): Promise<Array<FollowUpPlanListRow & { myRole: PlanMemberRole | null }>> {
    return this.dataSource.query(
      `WITH mine AS (
         SELECT r.programme_id AS id FROM programme_role r WHERE r.person_id = $1
         UNION SELECT p.id FROM programme p WHERE p.owner_id = $1
       )
       SELECT p.id, p.name, p.municipality, p.year, p.boards,
              CASE WHEN p.programme_id IN (SELECT id FROM mine) THEN p.programme_id END AS "programmeId",
              CASE WHEN p.programme_id IN (SELECT id FROM mine) THEN p.linked_by END AS "linkedBy",
              p.created_by AS "createdBy", to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              m.role AS "myRole",
              (SELECT count(*)::int FROM follow_up_activity a WHERE a.plan_id = p.id) AS activities,
              (SELECT to_char(max(e.effective_on), 'YYYY-MM-DD') FROM follow_up_event e WHERE e.plan_id = p.id) AS "lastEffectiveOn"
         FROM follow_up_plan p
         LEFT JOIN follow_up_plan_member m ON m.plan_id = p.id AND m.person_id = $1
        WHERE m.person_id IS NOT NULL OR p.programme_id IN (SELECT id FROM mine)
        ORDER BY p.year DESC, p.name, p.id`,
      [personId],
    );
  }

  /** The plans linked to a programme by one of its owners: nobody else can put a plan into its reports. */
  plansForProgramme(programmeId: string): Promise<FollowUpPlanRow[]> {
    return this.dataSource.query<FollowUpPlanRow[]>(
      `SELECT ${planColumns('f.')} FROM follow_up_plan f JOIN programme p ON p.id = f.programme_id
        WHERE f.programme_id = $1
          AND (f.linked_by = p.owner_id OR EXISTS (SELECT 1 FROM programme_role r WHERE r.programme_id = p.id AND r.person_id = f.linked_by AND r.role = 'owner'))
        ORDER BY f.year, f.name, f.id`,
      [programmeId],
    );
  }

  /** Folds the plan's history up to and including `asOf` (all of it when null), in effect order. */
  fold(planId: string, asOf: LocalDate | null, apply: (event: ActivityEvent) => void, batchSize = 5000): Promise<void> {
    return foldEvents(this.dataSource, planId, asOf, apply, batchSize);
  }

  /** One activity's changes in order, with who made them; null when the plan has no such activity. */
  async activityHistory(planId: string, activityId: string): Promise<FollowUpEventView[] | null> {
    const exists = await this.dataSource.query<unknown[]>(`SELECT 1 FROM follow_up_activity WHERE id = $1 AND plan_id = $2`, [activityId, planId]);
    if (exists.length === 0) return null;
    const rows = await this.dataSource.query<Array<Omit<FollowUpEventView, 'seq'> & { seq: string }>>(
      `SELECT e.id AS seq, e.activity_id AS "activityId", e.type, e.data, to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn",
              e.actor_id AS "actorId", p.name AS "actorName", e.import_id AS "importId",
              to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"
         FROM follow_up_event e LEFT JOIN person p ON p.id = e.actor_id
        WHERE e.activity_id = $1 ORDER BY e.effective_on, e.id`,
      [activityId],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /**
   * Runs `work` in one transaction holding the plan's row lock, so changes to a plan are
   * serialised (and their ids follow the order they were recorded in). Null for an unknown plan.
   */
  async inPlanTransaction<T>(planId: string, work: (tx: FollowUpPlanTransaction) => Promise<T>): Promise<{ value: T } | null> {
    return this.dataSource.transaction(async (m) => {
      const [plan] = await m.query<FollowUpPlanRow[]>(`SELECT ${PLAN_COLUMNS} FROM follow_up_plan WHERE id = $1 FOR UPDATE`, [planId]);
      if (!plan) return null;
      return { value: await work(new FollowUpPlanTransaction(m, plan)) };
    });
  }

  async personNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Counts for tests and diagnostics: activities, events and imports of a plan. */
  async counts(planId: string): Promise<{ activities: number; events: number; imports: number }> {
    const [row] = await this.dataSource.query<Array<{ activities: number; events: number; imports: number }>>(
      `SELECT (SELECT count(*)::int FROM follow_up_activity WHERE plan_id = $1) AS activities,
              (SELECT count(*)::int FROM follow_up_event WHERE plan_id = $1) AS events,
              (SELECT count(*)::int FROM follow_up_import WHERE plan_id = $1) AS imports`,
      [planId],
    );
    return row;
  }
}
