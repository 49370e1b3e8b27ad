import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AnalysisEvent, AnalysisEventRecord, AnalysisSubjectKind, IndicatorDefinition, IndicatorValueRecord, LocalDate, PeriodKey } from '@fullfolj/domain';

/** An indicator as stored, with the plan's activities linked to it. */
export interface IndicatorRow extends IndicatorDefinition {
  planId: string;
  position: number;
  activityIds: string[];
  responsibleName: string | null;
  updatedAt: string;
}

export interface AnalysisRow {
  id: string;
  planId: string;
  subjectKind: AnalysisSubjectKind;
  subjectKey: string;
  subject: string;
  period: PeriodKey;
}

export interface PeriodApprovalRow {
  period: PeriodKey;
  approvedOn: LocalDate;
  approvedBy: string | null;
  approvedByName: string | null;
}

export interface ValueHistoryRow extends IndicatorValueRecord {
  actorName: string | null;
}

export interface NewIndicatorValue {
  indicatorId: string;
  period: PeriodKey;
  value: number;
  text: string | null;
  comment: string | null;
  effectiveOn: LocalDate;
  actorId: string | null;
  importId: string | null;
}

export interface NewIndicatorImport {
  id: string;
  fileName: string | null;
  format: 'csv' | 'xlsx';
  shape: 'fullfolj' | 'kolada';
  sha256: string;
  asOf: LocalDate;
  rows: number;
  recorded: number;
  skipped: number;
  actorId: string;
}

export type IndicatorFields = Omit<IndicatorDefinition, 'id'> & { activityIds: string[] };

const INDICATOR_SELECT = `
  SELECT i.id, i.plan_id AS "planId", i.position, i.name, i.description, i.unit, i.direction, i.periodicity, i.baseline, i.targets,
         i.responsible_id AS "responsibleId", p.name AS "responsibleName", i.source, i.report_within_working_days AS "reportWithinWorkingDays",
         to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
         COALESCE((SELECT array_agg(l.activity_id ORDER BY l.activity_id) FROM follow_up_indicator_link l WHERE l.indicator_id = i.id), '{}') AS "activityIds"
    FROM follow_up_indicator i LEFT JOIN person p ON p.id = i.responsible_id`;

const VALUE_SELECT = `
  SELECT v.id AS seq, v.indicator_id AS "indicatorId", v.period, v.value::float8 AS value, v.text, v.comment,
         to_char(v.effective_on, 'YYYY-MM-DD') AS "effectiveOn", v.actor_id AS "actorId", v.import_id AS "importId",
         to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"`;

type ValueRecordRow = Omit<IndicatorValueRecord, 'seq'> & { seq: string };
const toValue = (r: ValueRecordRow): IndicatorValueRecord => ({ ...r, seq: Number(r.seq) });

const ANALYSIS_SELECT = `SELECT id, plan_id AS "planId", subject_kind AS "subjectKind", subject_key AS "subjectKey", subject, period FROM follow_up_analysis`;

interface AnalysisEventRow {
  seq: string;
  analysisId: string;
  type: AnalysisEvent['type'];
  data: Omit<AnalysisEvent, 'type'>;
  effectiveOn: string;
  actorId: string | null;
}
const toAnalysisEvent = (r: AnalysisEventRow): AnalysisEventRecord => ({
  seq: Number(r.seq),
  analysisId: r.analysisId,
  event: { ...r.data, type: r.type } as AnalysisEvent,
  effectiveOn: r.effectiveOn,
  actorId: r.actorId,
});

/** Writes to one plan's indicators and analyses, inside a transaction that holds the plan's row lock. */
export class IndicatorTransaction {
  constructor(
    private readonly m: EntityManager,
    readonly planId: string,
  ) {}

  async indicator(id: string): Promise<IndicatorRow | null> {
    const [row] = await this.m.query<IndicatorRow[]>(`${INDICATOR_SELECT} WHERE i.id = $1 AND i.plan_id = $2`, [id, this.planId]);
    return row ?? null;
  }

  async indicators(): Promise<IndicatorRow[]> {
    return this.m.query<IndicatorRow[]>(`${INDICATOR_SELECT} WHERE i.plan_id = $1 ORDER BY i.position, i.id`, [this.planId]);
  }

  /** Whether another indicator of the plan has this name (any case). */
  async nameTaken(name: string, exceptId: string): Promise<boolean> {
    const rows = await this.m.query<unknown[]>(`SELECT 1 FROM follow_up_indicator WHERE plan_id = $1 AND lower(name) = lower($2) AND id <> $3`, [this.planId, name, exceptId]);
    return rows.length > 0;
  }

  /** The activity ids among these that belong to the plan. */
  async knownActivities(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.m.query<Array<{ id: string }>>(`SELECT id FROM follow_up_activity WHERE plan_id = $1 AND id = ANY($2::uuid[])`, [this.planId, [...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  /** Inserts an indicator unless its id exists; true when inserted. */
  async insertIndicator(id: string, f: IndicatorFields, actorId: string): Promise<boolean> {
    const rows = await this.m.query<unknown[]>(
      `INSERT INTO follow_up_indicator (id, plan_id, position, name, description, unit, direction, periodicity, baseline, targets, responsible_id, source,
                                        report_within_working_days, created_by)
       VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM follow_up_indicator WHERE plan_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, this.planId, f.name, f.description, JSON.stringify(f.unit), f.direction, f.periodicity, f.baseline ? JSON.stringify(f.baseline) : null,
        JSON.stringify(f.targets), f.responsibleId, JSON.stringify(f.source), f.reportWithinWorkingDays, actorId],
    );
    if (rows.length === 0) return false;
    await this.setLinks(id, f.activityIds);
    return true;
  }

  async updateIndicator(id: string, f: IndicatorFields): Promise<void> {
    await this.m.query(
      `UPDATE follow_up_indicator SET name = $3, description = $4, unit = $5, direction = $6, periodicity = $7, baseline = $8, targets = $9,
              responsible_id = $10, source = $11, report_within_working_days = $12, updated_at = now()
        WHERE id = $1 AND plan_id = $2`,
      [id, this.planId, f.name, f.description, JSON.stringify(f.unit), f.direction, f.periodicity, f.baseline ? JSON.stringify(f.baseline) : null,
        JSON.stringify(f.targets), f.responsibleId, JSON.stringify(f.source), f.reportWithinWorkingDays],
    );
    await this.setLinks(id, f.activityIds);
  }

  private async setLinks(indicatorId: string, activityIds: readonly string[]): Promise<void> {
    await this.m.query(`DELETE FROM follow_up_indicator_link WHERE indicator_id = $1`, [indicatorId]);
    if (activityIds.length === 0) return;
    await this.m.query(`INSERT INTO follow_up_indicator_link (indicator_id, activity_id) SELECT $1, unnest($2::uuid[])`, [indicatorId, [...new Set(activityIds)]]);
  }

  /** Every recorded value of the plan's indicators (for folding as of a date). */
  async values(): Promise<IndicatorValueRecord[]> {
    const rows = await this.m.query<ValueRecordRow[]>(
      `${VALUE_SELECT} FROM follow_up_indicator_value v JOIN follow_up_indicator i ON i.id = v.indicator_id WHERE i.plan_id = $1 ORDER BY v.effective_on, v.id`,
      [this.planId],
    );
    return rows.map(toValue);
  }

  /** The latest date a value of the plan's indicators took effect; null when there is none. */
  async lastValueEffectiveOn(): Promise<LocalDate | null> {
    const [row] = await this.m.query<Array<{ d: string | null }>>(
      `SELECT to_char(max(v.effective_on), 'YYYY-MM-DD') AS d FROM follow_up_indicator_value v JOIN follow_up_indicator i ON i.id = v.indicator_id WHERE i.plan_id = $1`,
      [this.planId],
    );
    return row?.d ?? null;
  }

  async insertImport(row: NewIndicatorImport): Promise<void> {
    await this.m.query(
      `INSERT INTO follow_up_indicator_import (id, plan_id, file_name, format, shape, sha256, as_of, rows, recorded, skipped, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [row.id, this.planId, row.fileName, row.format, row.shape, row.sha256, row.asOf, row.rows, row.recorded, row.skipped, row.actorId],
    );
  }

  /** Appends values in the order given. */
  async appendValues(values: readonly NewIndicatorValue[]): Promise<void> {
    if (values.length === 0) return;
    await this.m.query(
      `INSERT INTO follow_up_indicator_value (indicator_id, period, value, text, comment, effective_on, actor_id, import_id)
       SELECT indicator_id, period, value, text, comment, effective_on, actor_id, import_id
         FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::text[], $5::text[], $6::date[], $7::uuid[], $8::uuid[]) WITH ORDINALITY
              AS t(indicator_id, period, value, text, comment, effective_on, actor_id, import_id, n)
        ORDER BY n`,
      [
        values.map((v) => v.indicatorId),
        values.map((v) => v.period),
        values.map((v) => v.value),
        values.map((v) => v.text),
        values.map((v) => v.comment),
        values.map((v) => v.effectiveOn),
        values.map((v) => v.actorId),
        values.map((v) => v.importId),
      ],
    );
  }

  /** The analysis of a subject for a period, created when it does not exist yet. */
  async ensureAnalysis(a: Omit<AnalysisRow, 'planId'>): Promise<AnalysisRow> {
    await this.m.query(
      `INSERT INTO follow_up_analysis (id, plan_id, subject_kind, subject_key, subject, period) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT follow_up_analysis_uq DO UPDATE SET subject = EXCLUDED.subject`,
      [a.id, this.planId, a.subjectKind, a.subjectKey, a.subject, a.period],
    );
    const [row] = await this.m.query<AnalysisRow[]>(`${ANALYSIS_SELECT} WHERE plan_id = $1 AND subject_kind = $2 AND subject_key = $3 AND period = $4`, [
      this.planId,
      a.subjectKind,
      a.subjectKey,
      a.period,
    ]);
    return row;
  }

  async analysis(id: string): Promise<AnalysisRow | null> {
    const [row] = await this.m.query<AnalysisRow[]>(`${ANALYSIS_SELECT} WHERE id = $1 AND plan_id = $2`, [id, this.planId]);
    return row ?? null;
  }

  async analysisEvents(analysisId: string): Promise<AnalysisEventRecord[]> {
    const rows = await this.m.query<AnalysisEventRow[]>(
      `SELECT id AS seq, analysis_id AS "analysisId", type, data, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", actor_id AS "actorId"
         FROM follow_up_analysis_event WHERE analysis_id = $1 ORDER BY effective_on, id`,
      [analysisId],
    );
    return rows.map(toAnalysisEvent);
  }

  async appendAnalysisEvent(analysisId: string, event: AnalysisEvent, effectiveOn: LocalDate, actorId: string): Promise<void> {
    const { type, ...data } = event;
    await this.m.query(`INSERT INTO follow_up_analysis_event (analysis_id, type, data, effective_on, actor_id) VALUES ($1, $2, $3, $4, $5)`, [
      analysisId,
      type,
      JSON.stringify(data),
      effectiveOn,
      actorId,
    ]);
  }

  async periodApproval(period: PeriodKey): Promise<PeriodApprovalRow | null> {
    const [row] = await this.m.query<PeriodApprovalRow[]>(
      `SELECT a.period, to_char(a.approved_on, 'YYYY-MM-DD') AS "approvedOn", a.approved_by AS "approvedBy", p.name AS "approvedByName"
         FROM follow_up_period_approval a LEFT JOIN person p ON p.id = a.approved_by WHERE a.plan_id = $1 AND a.period = $2`,
      [this.planId, period],
    );
    return row ?? null;
  }

  /** Records the approval of a period's report; false when it was approved already. */
  async approvePeriod(period: PeriodKey, approvedOn: LocalDate, actorId: string): Promise<boolean> {
    const rows = await this.m.query<unknown[]>(
      `INSERT INTO follow_up_period_approval (plan_id, period, approved_on, approved_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING period`,
      [this.planId, period, approvedOn, actorId],
    );
    return rows.length > 0;
  }
}

/** A plan's indicators, their values and the plan's analyses (raw SQL, like the rest of the follow-up). */
@Injectable()
export class IndicatorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction holding the plan's row lock; null for an unknown plan. */
  async inPlan<T>(planId: string, work: (tx: IndicatorTransaction) => Promise<T>): Promise<{ value: T } | null> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<unknown[]>(`SELECT 1 FROM follow_up_plan WHERE id = $1 FOR UPDATE`, [planId]);
      if (rows.length === 0) return null;
      return { value: await work(new IndicatorTransaction(m, planId)) };
    });
  }

  /** Reads outside a write: the same queries, without the lock. */
  read(planId: string): IndicatorTransaction {
    return new IndicatorTransaction(this.dataSource.manager, planId);
  }

  /** One indicator's values in the order they took effect, with who recorded them. */
  async valueHistory(indicatorId: string): Promise<ValueHistoryRow[]> {
    const rows = await this.dataSource.query<Array<ValueRecordRow & { actorName: string | null }>>(
      `${VALUE_SELECT}, p.name AS "actorName" FROM follow_up_indicator_value v LEFT JOIN person p ON p.id = v.actor_id
        WHERE v.indicator_id = $1 ORDER BY v.effective_on, v.id`,
      [indicatorId],
    );
    return rows.map((r) => ({ ...toValue(r), actorName: r.actorName }));
  }

  async analyses(planId: string): Promise<Array<AnalysisRow & { events: AnalysisEventRecord[] }>> {
    const analyses = await this.dataSource.query<AnalysisRow[]>(`${ANALYSIS_SELECT} WHERE plan_id = $1 ORDER BY period, subject_kind, subject`, [planId]);
    const events = await this.dataSource.query<AnalysisEventRow[]>(
      `SELECT e.id AS seq, e.analysis_id AS "analysisId", e.type, e.data, to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn", e.actor_id AS "actorId"
         FROM follow_up_analysis_event e JOIN follow_up_analysis a ON a.id = e.analysis_id WHERE a.plan_id = $1 ORDER BY e.effective_on, e.id`,
      [planId],
    );
    const byAnalysis = new Map<string, AnalysisEventRecord[]>();
    for (const e of events.map(toAnalysisEvent)) byAnalysis.set(e.analysisId, [...(byAnalysis.get(e.analysisId) ?? []), e]);
    return analyses.map((a) => ({ ...a, events: byAnalysis.get(a.id) ?? [] }));
  }

  periodApprovals(planId: string): Promise<PeriodApprovalRow[]> {
    return this.dataSource.query<PeriodApprovalRow[]>(
      `SELECT a.period, to_char(a.approved_on, 'YYYY-MM-DD') AS "approvedOn", a.approved_by AS "approvedBy", p.name AS "approvedByName"
         FROM follow_up_period_approval a LEFT JOIN person p ON p.id = a.approved_by WHERE a.plan_id = $1 ORDER BY a.period`,
      [planId],
    );
  }

  /** The activity texts linked to each indicator of the plan. */
  async linkedActivityTexts(planId: string): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.query<Array<{ indicatorId: string; activityId: string }>>(
      `SELECT l.indicator_id AS "indicatorId", l.activity_id AS "activityId" FROM follow_up_indicator_link l
         JOIN follow_up_indicator i ON i.id = l.indicator_id WHERE i.plan_id = $1`,
      [planId],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.indicatorId, [...(out.get(r.indicatorId) ?? []), r.activityId]);
    return out;
  }

  /** For the reminder workflow: the indicator, its plan's name and year, and the periods already reported. */
  async reminderTarget(indicatorId: string): Promise<{ indicator: IndicatorRow; planName: string; planYear: number; reported: PeriodKey[] } | null> {
    const [row] = await this.dataSource.query<IndicatorRow[]>(`${INDICATOR_SELECT} WHERE i.id = $1`, [indicatorId]);
    if (!row) return null;
    const [plan] = await this.dataSource.query<Array<{ name: string; year: number }>>(`SELECT name, year FROM follow_up_plan WHERE id = $1`, [row.planId]);
    const reported = await this.dataSource.query<Array<{ period: string }>>(`SELECT DISTINCT period FROM follow_up_indicator_value WHERE indicator_id = $1`, [indicatorId]);
    return { indicator: row, planName: plan.name, planYear: plan.year, reported: reported.map((r) => r.period) };
  }
}
