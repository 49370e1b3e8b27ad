import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ProgrammeEvent } from '@fullfolj/contracts';
import { applyEvent, emptyView, foldEvents, type ProgrammeEventRecord, type ProgrammeView } from '@fullfolj/domain';
import { applyPersonalDataRules } from './personal-data.repository';

const instantText = (column: string, alias: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`;

/**
 * The only writer of a programme's read model (programme, programme_phase, programme_meeting,
 * assignment, programme_role, gate_round, gate_decision). Each event is stored and projected
 * in one transaction; the unique (programme, seq) makes a retried activity a no-op. What the
 * rows say is `applyEvent`'s view, the same fold the reports use.
 */
@Injectable()
export class ProgrammeProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the event and projects it; false when it was stored already. */
  record(event: ProgrammeEvent): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await lockProgramme(tx, event.programmeId);
      const inserted = await tx.query<Array<{ id: string }>>(
        `INSERT INTO programme_event (programme_id, seq, type, actor_id, subject_id, data, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (programme_id, seq) DO NOTHING RETURNING id`,
        [event.programmeId, event.seq, event.type, event.actorId, event.subjectId, JSON.stringify(event.data), event.occurredAt],
      );
      if (inserted.length === 0) return false;
      // The view before this event is the fold of those stored before it; the rows already say
      // that, so only what this event changed is written.
      const prev = foldEvents(await storedEvents(tx, event.programmeId, event.seq));
      const next = applyEvent(prev, event);
      await writeChanges(tx, event.programmeId, prev, next);
      // The events keep the free text; erasures and retention must hold over what was just written.
      await applyPersonalDataRules(tx, event.programmeId);
      await tx.query(`UPDATE programme SET event_seq = $2, updated_at = now() WHERE id = $1`, [event.programmeId, event.seq]);
      return true;
    });
  }

  /**
   * Folds every stored event from scratch and writes the whole view over the rows (after a
   * change to the fold, or to repair). Decisions are re-inserted; nothing else is deleted.
   * Works from an empty read model too (after a TRUNCATE): every row is an upsert.
   */
  rebuild(programmeId: string): Promise<ProgrammeView> {
    return this.dataSource.transaction(async (tx) => {
      await lockProgramme(tx, programmeId);
      const view = foldEvents(await storedEvents(tx, programmeId, null));
      await tx.query(`DELETE FROM gate_decision WHERE programme_id = $1`, [programmeId]);
      // Roles can be revoked: the view's roles are all there are.
      await tx.query(`DELETE FROM programme_role WHERE programme_id = $1`, [programmeId]);
      await writeChanges(tx, programmeId, emptyView(), view);
      await applyPersonalDataRules(tx, programmeId);
      await tx.query(`UPDATE programme SET event_seq = $2, updated_at = now() WHERE id = $1`, [programmeId, view.seq]);
      return view;
    });
  }

  /** How many programmes have events: the rebuild's total (the events, not the read model, say which exist). */
  async countProgrammesWithEvents(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(DISTINCT programme_id)::int AS n FROM programme_event`);
    return row.n;
  }

  /** Up to `limit` programme ids with events, in id order after `after` (keyset paging for the rebuild). */
  async programmesWithEvents(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT DISTINCT programme_id AS id FROM programme_event WHERE ($1::uuid IS NULL OR programme_id > $1::uuid) ORDER BY programme_id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }
}

/** One writer per programme at a time, so a view read before a write is still the rows' view. */
async function lockProgramme(tx: EntityManager, programmeId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))`, [programmeId]);
}

/** The programme's stored events in order, those before `beforeSeq` (all for null). */
function storedEvents(tx: EntityManager, programmeId: string, beforeSeq: number | null): Promise<ProgrammeEventRecord[]> {
  return tx.query<ProgrammeEventRecord[]>(
    `SELECT seq, type, actor_id AS "actorId", subject_id AS "subjectId", data, ${instantText('occurred_at', 'occurredAt')}
       FROM programme_event WHERE programme_id = $1 AND ($2::integer IS NULL OR seq < $2) ORDER BY seq`,
    [programmeId, beforeSeq],
  );
}

/** Writes the entities of `next` that are not (===) in `prev`: the fold keeps untouched ones. */
async function writeChanges(tx: EntityManager, programmeId: string, prev: ProgrammeView, next: ProgrammeView): Promise<void> {
  const changed = <T>(list: readonly T[], before: readonly T[]) => {
    const old = new Set(before);
    return list.filter((x) => !old.has(x));
  };
  const p = next.programme;
  if (p && p !== prev.programme) {
    await tx.query(
      `INSERT INTO programme (id, name, template_id, template_version, owner_id, status, current_phase_key, start_date, end_date, event_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, template_id = EXCLUDED.template_id, template_version = EXCLUDED.template_version,
         owner_id = EXCLUDED.owner_id, status = EXCLUDED.status, current_phase_key = EXCLUDED.current_phase_key,
         start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
      [programmeId, p.name, p.templateId, p.templateVersion, p.ownerId, p.status, p.currentPhaseKey, p.startDate, p.endDate, next.seq],
    );
  }
  for (const ph of changed(next.phases, prev.phases)) {
    await tx.query(
      `INSERT INTO programme_phase (programme_id, key, ordinal, name, start_date, end_date, status, opened_at, closed_at, gate, gate_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (programme_id, key) DO UPDATE SET ordinal = EXCLUDED.ordinal, name = EXCLUDED.name, start_date = EXCLUDED.start_date,
         end_date = EXCLUDED.end_date, status = EXCLUDED.status, opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at,
         gate = EXCLUDED.gate, gate_status = EXCLUDED.gate_status`,
      [
        programmeId,
        ph.key,
        ph.ordinal,
        JSON.stringify(ph.name),
        ph.startDate,
        ph.endDate,
        ph.status,
        ph.openedAt,
        ph.closedAt,
        ph.gate ? JSON.stringify(ph.gate) : null,
        ph.gateStatus,
      ],
    );
  }
  for (const m of changed(next.meetings, prev.meetings)) {
    await tx.query(
      `INSERT INTO programme_meeting (programme_id, key, phase_key, kind, name, date, participants, start_time, duration_minutes, status, sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (programme_id, key) DO UPDATE SET phase_key = EXCLUDED.phase_key, kind = EXCLUDED.kind, name = EXCLUDED.name, date = EXCLUDED.date,
         participants = EXCLUDED.participants, start_time = EXCLUDED.start_time, duration_minutes = EXCLUDED.duration_minutes,
         status = EXCLUDED.status, sequence = EXCLUDED.sequence`,
      [programmeId, m.key, m.phaseKey, m.kind, JSON.stringify(m.name), m.date, m.participants, m.startTime, m.durationMinutes, m.status, m.sequence],
    );
  }
  for (const a of changed(next.assignments, prev.assignments)) {
    // updated_at: the event time of the last change; a new row gets the time it was written.
    await tx.query(
      `INSERT INTO assignment (id, programme_id, phase_key, kind, template_key, title, description, responsible_id, team, due_date,
         original_due_date, expected_effect, follow_up, resources, status, comment, completed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, COALESCE($18::timestamptz, now()))
       ON CONFLICT (id) DO UPDATE SET phase_key = EXCLUDED.phase_key, kind = EXCLUDED.kind, template_key = EXCLUDED.template_key,
         title = EXCLUDED.title, description = EXCLUDED.description, responsible_id = EXCLUDED.responsible_id, team = EXCLUDED.team,
         due_date = EXCLUDED.due_date, original_due_date = EXCLUDED.original_due_date, expected_effect = EXCLUDED.expected_effect,
         follow_up = EXCLUDED.follow_up, resources = EXCLUDED.resources, status = EXCLUDED.status, comment = EXCLUDED.comment,
         completed_at = EXCLUDED.completed_at, updated_at = COALESCE($18::timestamptz, assignment.updated_at)
       WHERE assignment.programme_id = EXCLUDED.programme_id`,
      [
        a.id,
        programmeId,
        a.phaseKey,
        a.kind,
        a.templateKey,
        a.title,
        a.description,
        a.responsibleId,
        a.team,
        a.dueDate,
        a.originalDueDate,
        a.expectedEffect,
        a.followUp,
        a.resources,
        a.status,
        a.comment,
        a.completedAt,
        a.updatedAt,
      ],
    );
  }
  for (const r of changed(next.roles, prev.roles)) {
    await tx.query(`INSERT INTO programme_role (programme_id, person_id, role, team) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      programmeId,
      r.personId,
      r.role,
      r.team ?? null,
    ]);
  }
  // A revoked role is gone from the view, and so from the rows (access checks read them).
  for (const r of prev.roles.filter((x) => !next.roles.some((y) => y.personId === x.personId && y.role === x.role))) {
    await tx.query(`DELETE FROM programme_role WHERE programme_id = $1 AND person_id = $2 AND role = $3`, [programmeId, r.personId, r.role]);
  }
  for (const g of changed(next.gateRounds, prev.gateRounds)) {
    await tx.query(
      `INSERT INTO gate_round (programme_id, phase_key, round, status, rule, quorum, due_date, members, snapshot, opened_at, closed_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (programme_id, phase_key, round) DO UPDATE SET status = EXCLUDED.status, rule = EXCLUDED.rule, quorum = EXCLUDED.quorum,
         due_date = EXCLUDED.due_date, members = EXCLUDED.members, snapshot = EXCLUDED.snapshot, opened_at = EXCLUDED.opened_at,
         closed_at = EXCLUDED.closed_at, reason = EXCLUDED.reason`,
      [programmeId, g.phaseKey, g.round, g.status, g.rule, g.quorum, g.dueDate, g.members, JSON.stringify(g.snapshot), g.openedAt, g.closedAt, g.reason],
    );
  }
  for (const d of changed(next.gateDecisions, prev.gateDecisions)) {
    await tx.query(
      `INSERT INTO gate_decision (programme_id, phase_key, round, person_id, decision, comment, conditions, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [programmeId, d.phaseKey, d.round, d.personId, d.decision, d.comment, JSON.stringify(d.conditions), d.at],
    );
  }
}
