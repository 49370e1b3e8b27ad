import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ProgrammeDefinition } from '@fullfolj/contracts';
import type { ProgrammeEventRecord } from '@fullfolj/domain';

export interface ProgrammeRow {
  id: string;
  name: string;
  templateId: string;
  templateVersion: number;
  ownerId: string;
  status: string;
  currentPhaseKey: string | null;
  startDate: string;
  endDate: string;
  eventSeq: number;
}

export interface PhaseRow {
  key: string;
  ordinal: number;
  name: { sv: string; en: string };
  startDate: string;
  endDate: string;
  status: string;
  openedAt: string | null;
  closedAt: string | null;
  gate: unknown;
  gateStatus: string | null;
}

export interface MeetingRow {
  key: string;
  phaseKey: string;
  kind: string;
  name: { sv: string; en: string };
  date: string;
  startTime: string;
  durationMinutes: number;
  participants: string[];
  /** planned, invited or cancelled; sequence is the invitation's iCalendar SEQUENCE. */
  status: string;
  sequence: number;
}

export interface AssignmentRow {
  id: string;
  phaseKey: string;
  kind: string;
  templateKey: string | null;
  title: string;
  description: string | null;
  responsibleId: string | null;
  team: string | null;
  dueDate: string;
  originalDueDate: string;
  expectedEffect: string | null;
  followUp: string | null;
  resources: string | null;
  status: string;
  comment: string | null;
  completedAt: string | null;
  /** Open, and its responsible person has been deactivated: the owner must pick someone else. */
  needsNewResponsible: boolean;
}

export interface RoleRow {
  personId: string;
  role: string;
  team: string | null;
}

/** A stored event, typed by the union the workflow wrote it with. */
export type EventRow = ProgrammeEventRecord;

export interface GateRoundRow {
  round: number;
  status: string;
  rule: string;
  quorum: number | null;
  dueDate: string;
  members: Array<{ personId: string; name: string | null }>;
  snapshot: unknown[];
  openedAt: string;
  closedAt: string | null;
  reason: string | null;
  decisions: Array<{ personId: string; name: string | null; decision: string; comment: string | null; conditions: unknown[]; decidedAt: string }>;
}

export interface AuditRow {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  type: string;
  subjectId: string | null;
  data: Record<string, unknown>;
}

/** An assignment with its programme and responsible person, as a signed item link shows it. */
export interface LinkedItemRow {
  id: string;
  programmeId: string;
  programmeName: string;
  programmeStatus: string;
  kind: string;
  title: string;
  description: string | null;
  expectedEffect: string | null;
  dueDate: string;
  originalDueDate: string;
  status: string;
  comment: string | null;
  completedAt: string | null;
  responsibleId: string | null;
  responsibleName: string | null;
}

/** A meeting's date and the deadline of its open minutes. */
export interface OpenMinutesRow {
  meetingDate: string;
  minutesDue: string;
}

export interface ProgrammeReadModel {
  programme: ProgrammeRow;
  phases: PhaseRow[];
  meetings: MeetingRow[];
  assignments: AssignmentRow[];
  roles: RoleRow[];
}

const dateText = (column: string, alias: string) => `to_char(${column}, 'YYYY-MM-DD') AS "${alias}"`;
const instantText = (column: string, alias: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`;

/** Reads of a programme's read model (written only by the worker's activities). */
@Injectable()
export class ProgrammeReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The definition the programme was started with (its first event), or null for no such programme. */
  async startedDefinition(programmeId: string): Promise<ProgrammeDefinition | null> {
    const [row] = await this.dataSource.query<Array<{ definition: ProgrammeDefinition }>>(
      `SELECT data->'definition' AS definition FROM programme_event WHERE programme_id = $1 AND type = 'programme_started' ORDER BY seq LIMIT 1`,
      [programmeId],
    );
    return row?.definition ?? null;
  }

  async find(programmeId: string): Promise<ProgrammeReadModel | null> {
    const [programme] = await this.dataSource.query<ProgrammeRow[]>(
      `SELECT id, name, template_id AS "templateId", template_version AS "templateVersion", owner_id AS "ownerId", status,
              current_phase_key AS "currentPhaseKey", ${dateText('start_date', 'startDate')}, ${dateText('end_date', 'endDate')},
              event_seq AS "eventSeq"
         FROM programme WHERE id = $1`,
      [programmeId],
    );
    if (!programme) return null;
    const [phases, meetings, assignments, roles] = await Promise.all([
      this.dataSource.query<PhaseRow[]>(
        `SELECT key, ordinal, name, ${dateText('start_date', 'startDate')}, ${dateText('end_date', 'endDate')}, status,
                ${instantText('opened_at', 'openedAt')}, ${instantText('closed_at', 'closedAt')}, gate, gate_status AS "gateStatus"
           FROM programme_phase WHERE programme_id = $1 ORDER BY ordinal`,
        [programmeId],
      ),
      this.dataSource.query<MeetingRow[]>(
        `SELECT key, phase_key AS "phaseKey", kind, name, ${dateText('date', 'date')}, start_time AS "startTime",
                duration_minutes AS "durationMinutes", participants, status, sequence
           FROM programme_meeting WHERE programme_id = $1 ORDER BY date, start_time, key`,
        [programmeId],
      ),
      this.assignments(programmeId),
      this.dataSource.query<RoleRow[]>(
        `SELECT person_id AS "personId", role, team FROM programme_role WHERE programme_id = $1 ORDER BY role, person_id`,
        [programmeId],
      ),
    ]);
    return { programme, phases, meetings, assignments, roles };
  }

  assignments(programmeId: string): Promise<AssignmentRow[]> {
    return this.dataSource.query<AssignmentRow[]>(
      `SELECT id, phase_key AS "phaseKey", kind, template_key AS "templateKey", title, description, responsible_id AS "responsibleId",
              team, ${dateText('due_date', 'dueDate')}, ${dateText('original_due_date', 'originalDueDate')},
              expected_effect AS "expectedEffect", follow_up AS "followUp", resources, status, comment,
              ${instantText('completed_at', 'completedAt')},
              (completed_at IS NULL AND EXISTS (SELECT 1 FROM person r WHERE r.id = responsible_id AND NOT r.active)) AS "needsNewResponsible"
         FROM assignment WHERE programme_id = $1 ORDER BY due_date, title, id`,
      [programmeId],
    );
  }

  events(programmeId: string): Promise<EventRow[]> {
    return this.dataSource.query<EventRow[]>(
      `SELECT seq, type, actor_id AS "actorId", subject_id AS "subjectId", data, ${instantText('occurred_at', 'occurredAt')}
         FROM programme_event WHERE programme_id = $1 ORDER BY seq`,
      [programmeId],
    );
  }

  /** Every round of a phase's gate, oldest first, with who decided what and when. */
  async gateRounds(programmeId: string, phaseKey: string): Promise<GateRoundRow[]> {
    const rounds = await this.dataSource.query<Array<Omit<GateRoundRow, 'members' | 'decisions'> & { members: string[] }>>(
      `SELECT round, status, rule, quorum, ${dateText('due_date', 'dueDate')}, members, snapshot,
              ${instantText('opened_at', 'openedAt')}, ${instantText('closed_at', 'closedAt')}, reason
         FROM gate_round WHERE programme_id = $1 AND phase_key = $2 ORDER BY round`,
      [programmeId, phaseKey],
    );
    const decisions = await this.dataSource.query<Array<GateRoundRow['decisions'][number] & { round: number }>>(
      `SELECT d.round, d.person_id AS "personId", p.name, d.decision, d.comment, d.conditions, ${instantText('d.decided_at', 'decidedAt')}
         FROM gate_decision d LEFT JOIN person p ON p.id = d.person_id
        WHERE d.programme_id = $1 AND d.phase_key = $2 ORDER BY d.id`,
      [programmeId, phaseKey],
    );
    const memberIds = [...new Set(rounds.flatMap((r) => r.members))];
    const names = new Map<string, string>(
      (await this.dataSource.query<Array<{ id: string; name: string }>>(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [memberIds])).map((p) => [p.id, p.name]),
    );
    return rounds.map((r) => ({
      ...r,
      members: r.members.map((personId) => ({ personId, name: names.get(personId) ?? null })),
      decisions: decisions.filter((d) => d.round === r.round).map(({ round: _round, ...d }) => d),
    }));
  }

  /** The audit trail: every act in order, with the name of who did it. Append-only in the database. */
  audit(programmeId: string): Promise<AuditRow[]> {
    return this.dataSource.query<AuditRow[]>(
      `SELECT e.seq, ${instantText('e.occurred_at', 'occurredAt')}, e.actor_id AS "actorId", p.name AS "actorName", e.type,
              e.subject_id AS "subjectId", e.data
         FROM programme_event e LEFT JOIN person p ON p.id = e.actor_id
        WHERE e.programme_id = $1 ORDER BY e.seq`,
      [programmeId],
    );
  }

  /** The programme's status (running, awaiting_gate, completed); null when it does not exist. */
  async status(programmeId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ status: string }>>(`SELECT status FROM programme WHERE id = $1`, [programmeId]);
    return row?.status ?? null;
  }

  /** The person's roles in the programme; null when the programme does not exist. */
  async rolesOf(programmeId: string, personId: string): Promise<string[] | null> {
    const rows = await this.dataSource.query<Array<{ role: string | null }>>(
      `SELECT r.role FROM programme p LEFT JOIN programme_role r ON r.programme_id = p.id AND r.person_id = $2 WHERE p.id = $1`,
      [programmeId, personId],
    );
    if (rows.length === 0) return null;
    return rows.map((r) => r.role).filter((r): r is string => r !== null);
  }

  /**
   * Of `among` (everyone for null), those who have a role in a programme where `personId` has
   * one too: the people whose contact details `personId` may see.
   */
  async sharingAProgrammeWith(personId: string, among: readonly string[] | null): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ personId: string }>>(
      `SELECT DISTINCT b.person_id AS "personId" FROM programme_role a JOIN programme_role b ON b.programme_id = a.programme_id
        WHERE a.person_id = $1 AND ($2::uuid[] IS NULL OR b.person_id = ANY($2::uuid[]))`,
      [personId, among === null ? null : [...among]],
    );
    return new Set(rows.map((r) => r.personId));
  }

  /** Programmes the person has any role in. */
  listFor(personId: string): Promise<ProgrammeRow[]> {
    return this.dataSource.query<ProgrammeRow[]>(
      `SELECT p.id, p.name, p.template_id AS "templateId", p.template_version AS "templateVersion", p.owner_id AS "ownerId", p.status,
              p.current_phase_key AS "currentPhaseKey", ${dateText('p.start_date', 'startDate')}, ${dateText('p.end_date', 'endDate')},
              p.event_seq AS "eventSeq"
         FROM programme p WHERE EXISTS (SELECT 1 FROM programme_role r WHERE r.programme_id = p.id AND r.person_id = $1)
        ORDER BY p.start_date DESC, p.name`,
      [personId],
    );
  }

  /** Whether an assignment with this id exists in another programme (assignment ids are unique across programmes). */
  async assignmentIdTakenElsewhere(assignmentId: string, programmeId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM assignment WHERE id = $1 AND programme_id <> $2`, [assignmentId, programmeId]);
    return rows.length > 0;
  }

  /** Who is responsible for the assignment; undefined when the programme has no such assignment. */
  async responsibleOf(programmeId: string, assignmentId: string): Promise<{ responsibleId: string | null } | undefined> {
    const [row] = await this.dataSource.query<Array<{ responsibleId: string | null }>>(
      `SELECT responsible_id AS "responsibleId" FROM assignment WHERE id = $1 AND programme_id = $2`,
      [assignmentId, programmeId],
    );
    return row;
  }

  /** The meeting's date and its uncompleted minutes' deadline; null when the meeting has no open minutes. */
  async openMinutes(programmeId: string, meetingKey: string): Promise<OpenMinutesRow | null> {
    const [row] = await this.dataSource.query<OpenMinutesRow[]>(
      `SELECT ${dateText('m.date', 'meetingDate')}, ${dateText('a.due_date', 'minutesDue')}
         FROM programme_meeting m
         JOIN assignment a ON a.programme_id = m.programme_id AND a.kind = 'minutes' AND a.template_key = m.key || '/minutes' AND a.completed_at IS NULL
        WHERE m.programme_id = $1 AND m.key = $2`,
      [programmeId, meetingKey],
    );
    return row ?? null;
  }

  /** One assignment, by id alone, with its programme and responsible person; null when there is none. */
  async linkedItem(assignmentId: string): Promise<LinkedItemRow | null> {
    const [row] = await this.dataSource.query<LinkedItemRow[]>(
      `SELECT a.id, a.programme_id AS "programmeId", p.name AS "programmeName", p.status AS "programmeStatus",
              a.kind, a.title, a.description, a.expected_effect AS "expectedEffect",
              ${dateText('a.due_date', 'dueDate')}, ${dateText('a.original_due_date', 'originalDueDate')},
              a.status, a.comment,
              ${instantText('a.completed_at', 'completedAt')},
              a.responsible_id AS "responsibleId", r.name AS "responsibleName"
         FROM assignment a
         JOIN programme p ON p.id = a.programme_id
         LEFT JOIN person r ON r.id = a.responsible_id
        WHERE a.id = $1`,
      [assignmentId],
    );
    return row ?? null;
  }
}
