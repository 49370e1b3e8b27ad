import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { AssignmentDefinition, ProgrammeDefinition, ProgrammeEvent, RoleGrant } from '@fullfolj/contracts';

export type { ProgrammeEvent, ProgrammeEventType } from '@fullfolj/contracts';

export interface ProgrammeActivityDeps {
  dataSource: DataSource;
}

/**
 * The only writer of a programme's read model. Each event is stored and projected in one
 * transaction; the unique (programme, seq) makes a retried activity a no-op.
 */
export function createProgrammeActivities({ dataSource }: ProgrammeActivityDeps) {
  return {
    async recordProgrammeEvent(event: ProgrammeEvent): Promise<boolean> {
      return dataSource.transaction(async (tx) => {
        const inserted: Array<{ id: string }> = await tx.query(
          `INSERT INTO programme_event (programme_id, seq, type, actor_id, subject_id, data, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (programme_id, seq) DO NOTHING RETURNING id`,
          [event.programmeId, event.seq, event.type, event.actorId, event.subjectId, JSON.stringify(event.data), event.occurredAt],
        );
        if (inserted.length === 0) return false;
        await project(tx, event);
        await tx.query(`UPDATE programme SET event_seq = $2, updated_at = now() WHERE id = $1`, [event.programmeId, event.seq]);
        return true;
      });
    },
  };
}

export type ProgrammeActivities = ReturnType<typeof createProgrammeActivities>;

async function project(tx: EntityManager, e: ProgrammeEvent): Promise<void> {
  const id = e.programmeId;
  const d = e.data as Record<string, never>;
  switch (e.type) {
    case 'programme_started': {
      const def = d.definition as ProgrammeDefinition;
      await tx.query(
        `INSERT INTO programme (id, name, template_id, template_version, owner_id, status, start_date, end_date, event_seq)
         VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $8)`,
        [id, def.name, def.template.id, def.template.version, def.ownerId, def.phases[0].startDate, def.phases[def.phases.length - 1].endDate, e.seq],
      );
      for (const [ordinal, p] of def.phases.entries()) {
        await tx.query(
          `INSERT INTO programme_phase (programme_id, key, ordinal, name, start_date, end_date, status, gate, gate_status)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)`,
          [id, p.key, ordinal, JSON.stringify(p.name), p.startDate, p.endDate, p.gate ? JSON.stringify(p.gate) : null, p.gate ? 'pending' : null],
        );
      }
      for (const m of def.meetings) {
        await tx.query(
          `INSERT INTO programme_meeting (programme_id, key, phase_key, kind, name, date, participants, start_time, duration_minutes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, m.key, m.phaseKey, m.kind, JSON.stringify(m.name), m.date, m.participants, m.startTime ?? '09:00', m.durationMinutes ?? 120],
        );
      }
      for (const a of def.assignments) await insertAssignment(tx, id, a);
      for (const r of def.roles) await insertRole(tx, id, r);
      return;
    }
    case 'phase_opened':
      await tx.query(`UPDATE programme_phase SET status = 'open', opened_at = $3 WHERE programme_id = $1 AND key = $2`, [id, d.phaseKey, e.occurredAt]);
      await tx.query(`UPDATE programme SET current_phase_key = $2, status = 'running' WHERE id = $1`, [id, d.phaseKey]);
      return;
    case 'gate_opened':
    case 'gate_reopened':
      await tx.query(
        `INSERT INTO gate_round (programme_id, phase_key, round, status, rule, quorum, due_date, members, snapshot, opened_at, reason)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10)`,
        [id, d.phaseKey, d.round, d.rule, d.quorum ?? null, d.dueDate, d.members, JSON.stringify(d.snapshot), e.occurredAt, d.reason ?? null],
      );
      await tx.query(`UPDATE programme_phase SET status = 'awaiting_gate', gate_status = 'open' WHERE programme_id = $1 AND key = $2`, [id, d.phaseKey]);
      await tx.query(`UPDATE programme SET status = 'awaiting_gate' WHERE id = $1`, [id]);
      return;
    case 'gate_decided':
      await tx.query(
        `INSERT INTO gate_decision (programme_id, phase_key, round, person_id, decision, comment, conditions, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, d.phaseKey, d.round, e.actorId, d.decision, d.comment ?? null, JSON.stringify(d.conditions ?? []), e.occurredAt],
      );
      return;
    case 'gate_approved':
      await closeRound(tx, id, d.phaseKey, d.round, 'approved', null, e.occurredAt);
      await tx.query(`UPDATE programme SET status = 'running' WHERE id = $1`, [id]);
      return;
    case 'gate_rejected':
    case 'gate_withdrawn': {
      const status = e.type === 'gate_rejected' ? 'rejected' : 'withdrawn';
      await closeRound(tx, id, d.phaseKey, d.round, status, d.reason ?? null, e.occurredAt);
      // The phase goes on until the owner re-opens the gate.
      await tx.query(`UPDATE programme_phase SET status = 'open' WHERE programme_id = $1 AND key = $2`, [id, d.phaseKey]);
      await tx.query(`UPDATE programme SET status = 'running' WHERE id = $1`, [id]);
      return;
    }
    case 'gate_reminded':
    case 'gate_escalated':
      return; // audit only: the event itself is the record
    case 'phase_closed':
      await tx.query(`UPDATE programme_phase SET status = 'closed', closed_at = $3 WHERE programme_id = $1 AND key = $2`, [id, d.phaseKey, e.occurredAt]);
      return;
    case 'assignment_created':
      await insertAssignment(tx, id, d.assignment);
      return;
    case 'assignment_reassigned':
      await tx.query(`UPDATE assignment SET responsible_id = $2, updated_at = $3 WHERE id = $1 AND programme_id = $4`, [d.assignmentId, d.to, e.occurredAt, id]);
      return;
    case 'status_recorded':
      await tx.query(`UPDATE assignment SET status = $2, comment = COALESCE($3, comment), updated_at = $4 WHERE id = $1 AND programme_id = $5`, [
        d.assignmentId,
        d.to,
        d.comment ?? null,
        e.occurredAt,
        id,
      ]);
      return;
    case 'assignment_completed':
      await tx.query(
        `UPDATE assignment SET status = 'done', completed_at = $2, comment = COALESCE($3, comment), updated_at = $2 WHERE id = $1 AND programme_id = $4`,
        [d.assignmentId, e.occurredAt, d.comment ?? null, id],
      );
      return;
    case 'deadline_moved':
      await tx.query(`UPDATE assignment SET due_date = $2, updated_at = $3 WHERE id = $1 AND programme_id = $4`, [d.assignmentId, d.to, e.occurredAt, id]);
      return;
    case 'meeting_invited':
      await tx.query(`UPDATE programme_meeting SET status = 'invited' WHERE programme_id = $1 AND key = $2`, [id, d.meetingKey]);
      return;
    case 'meeting_moved': {
      const to = d.to as { date: string; time: string };
      await tx.query(`UPDATE programme_meeting SET date = $3, start_time = $4, sequence = $5 WHERE programme_id = $1 AND key = $2`, [id, d.meetingKey, to.date, to.time, d.sequence]);
      return;
    }
    case 'meeting_cancelled':
      await tx.query(`UPDATE programme_meeting SET status = 'cancelled', sequence = $3 WHERE programme_id = $1 AND key = $2`, [id, d.meetingKey, d.sequence]);
      return;
    case 'role_granted':
      await insertRole(tx, id, d.grant);
      return;
    case 'programme_completed':
      await tx.query(`UPDATE programme SET status = 'completed', current_phase_key = NULL WHERE id = $1`, [id]);
      return;
  }
}

async function closeRound(tx: EntityManager, programmeId: string, phaseKey: string, round: number, status: string, reason: string | null, at: string) {
  await tx.query(`UPDATE gate_round SET status = $4, reason = COALESCE($5, reason), closed_at = $6 WHERE programme_id = $1 AND phase_key = $2 AND round = $3`, [
    programmeId,
    phaseKey,
    round,
    status,
    reason,
    at,
  ]);
  await tx.query(`UPDATE programme_phase SET gate_status = $3 WHERE programme_id = $1 AND key = $2`, [programmeId, phaseKey, status]);
}

async function insertAssignment(tx: EntityManager, programmeId: string, a: AssignmentDefinition): Promise<void> {
  await tx.query(
    `INSERT INTO assignment (id, programme_id, phase_key, kind, template_key, title, description, responsible_id, team, due_date,
       original_due_date, expected_effect, follow_up, resources, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, 'remaining')`,
    [
      a.id,
      programmeId,
      a.phaseKey,
      a.kind,
      a.templateKey ?? null,
      a.title,
      a.description ?? null,
      a.responsibleId ?? null,
      a.team ?? null,
      a.dueDate,
      a.expectedEffect ?? null,
      a.followUp ?? null,
      a.resources ?? null,
    ],
  );
}

async function insertRole(tx: EntityManager, programmeId: string, r: RoleGrant): Promise<void> {
  await tx.query(
    `INSERT INTO programme_role (programme_id, person_id, role, team) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [programmeId, r.personId, r.role, r.team ?? null],
  );
}
