import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { applyPersonalDataRules } from './personal-data.repository';

/** Months a completed programme's personal data are kept when its template says nothing. */
export const DEFAULT_RETENTION_MONTHS = 24;

export interface RetentionApplied {
  programmeId: string;
  mailPurged: number;
}

/**
 * Retention (gallring) of completed programmes: once a programme's period after completion has
 * ended, its status notes are replaced in the read model and its mail (bodies and addresses)
 * deleted from the outbox. Decisions, the event log and so the reports stay. Idempotent: a
 * programme is done once, and marked so in `programme_retention`.
 */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Completed programmes whose retention period has ended by `asOf` and that are not yet done (of `programmeIds`, if given). */
  async due(asOf: Date, limit = 100, programmeIds?: readonly string[]): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT d.id FROM (${DUE_SQL}) d WHERE $3::uuid[] IS NULL OR d.id = ANY($3::uuid[]) ORDER BY d.completed_at, d.id LIMIT $2`,
      [asOf.toISOString(), limit, programmeIds ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Applies retention to one programme if it is due and not done; null when there was nothing to do. */
  apply(programmeId: string, asOf: Date): Promise<RetentionApplied | null> {
    return this.dataSource.transaction(async (tx) => {
      // The projection's lock: no event of this programme is projected meanwhile.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))`, [programmeId]);
      const [due] = await tx.query<Array<{ completedAt: string; months: number }>>(
        `SELECT d.completed_at AS "completedAt", d.months FROM (${DUE_SQL}) d WHERE d.id = $2`,
        [asOf.toISOString(), programmeId],
      );
      if (!due) return null;
      // Mail of the programme: gate notices and meeting invitations by programme id, reminders and handovers by item id.
      const [, mailPurged] = await tx.query<[unknown[], number]>(
        `DELETE FROM mail_outbox m
          WHERE m.key LIKE 'gate:' || $1::text || ':%' OR m.key LIKE 'meeting:' || $1::text || ':%'
             OR EXISTS (SELECT 1 FROM assignment a WHERE a.programme_id = $2::uuid AND m.key LIKE 'item:' || a.id::text || ':%')`,
        [programmeId, programmeId],
      );
      await tx.query(
        `INSERT INTO programme_retention (programme_id, completed_at, after_completion_months, mail_purged) VALUES ($1, $2, $3, $4)`,
        [programmeId, due.completedAt, due.months, mailPurged ?? 0],
      );
      await applyPersonalDataRules(tx, programmeId);
      return { programmeId, mailPurged: mailPurged ?? 0 };
    });
  }
}

/**
 * Completed, not yet done programmes with their completion time (the programme_completed
 * event) and period (the template's `retention.afterCompletionMonths`, else the default),
 * whose period has ended by $1.
 */
const DUE_SQL = `
  SELECT c.id, c.completed_at, c.months FROM (
    SELECT p.id, e.occurred_at AS completed_at,
           COALESCE((t.definition->'retention'->>'afterCompletionMonths')::int, ${DEFAULT_RETENTION_MONTHS}) AS months
      FROM programme p
      JOIN programme_template t ON t.id = p.template_id AND t.version = p.template_version
      JOIN LATERAL (SELECT occurred_at FROM programme_event WHERE programme_id = p.id AND type = 'programme_completed' ORDER BY seq DESC LIMIT 1) e ON true
     WHERE p.status = 'completed' AND NOT EXISTS (SELECT 1 FROM programme_retention r WHERE r.programme_id = p.id)
  ) c
  WHERE c.completed_at + make_interval(months => c.months) <= $1::timestamptz`;
