import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A person as the mail-sending activities need them: looked up by id, never carried in workflow history. */
export interface RecipientRow {
  id: string;
  name: string;
  email: string;
  language: 'sv' | 'en';
  reminderDigest: boolean;
}

/** A person invited to, or organising, a meeting. */
export interface InviteeRow {
  id: string;
  name: string;
  email: string;
  language: 'sv' | 'en';
}

/** What a gate notice names: the programme, and the phase with its gate. */
export interface GateNoticeContextRow {
  programme: string;
  phase: { sv: string; en: string };
  gate: { name: { sv: string; en: string } } | null;
}

/** What a meeting invitation names, and whom the template invites. */
export interface MeetingContextRow {
  name: { sv: string; en: string };
  participants: string[];
  programme: string;
  ownerId: string;
}

/** An item that a reminder is about. */
export interface ReminderItemRow {
  title: string;
  kind: string;
  programme: string;
  completedAt: string | null;
  dueDate: string;
}

/** One open item of a person who takes the daily digest, with the person. */
export interface DigestItemRow extends Omit<RecipientRow, 'reminderDigest'> {
  itemId: string;
  title: string;
  kind: string;
  dueDate: string;
  programme: string;
  programmeId: string;
}

/** What the worker's mail-sending activities (reminders, gate notices, meeting invitations) read. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The people with these ids, in the order asked (unknown and deactivated ones are left out: no mail to a closed account). */
  async recipients(ids: readonly string[]): Promise<RecipientRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<RecipientRow[]>(
      `SELECT id, name, email, language, reminder_digest AS "reminderDigest" FROM person WHERE id = ANY($1::uuid[]) AND active`,
      [[...new Set(ids)]],
    );
    return ids.map((id) => rows.find((r) => r.id === id)).filter((p): p is RecipientRow => !!p);
  }

  async gateNoticeContext(programmeId: string, phaseKey: string): Promise<GateNoticeContextRow | null> {
    const [row] = await this.dataSource.query<GateNoticeContextRow[]>(
      `SELECT p.name AS programme, ph.name AS phase, ph.gate FROM programme p JOIN programme_phase ph ON ph.programme_id = p.id
        WHERE p.id = $1 AND ph.key = $2`,
      [programmeId, phaseKey],
    );
    return row ?? null;
  }

  async meeting(programmeId: string, meetingKey: string): Promise<MeetingContextRow | null> {
    const [row] = await this.dataSource.query<MeetingContextRow[]>(
      `SELECT m.name, m.participants, p.name AS programme, p.owner_id AS "ownerId"
         FROM programme_meeting m JOIN programme p ON p.id = m.programme_id WHERE m.programme_id = $1 AND m.key = $2`,
      [programmeId, meetingKey],
    );
    return row ?? null;
  }

  /** Everyone with one of these roles in the programme (everyone with any role when `roles` is empty), by name. */
  invitees(programmeId: string, roles: readonly string[]): Promise<InviteeRow[]> {
    return this.dataSource.query<InviteeRow[]>(
      `SELECT DISTINCT p.id, p.name, p.email, p.language FROM programme_role r JOIN person p ON p.id = r.person_id
        WHERE r.programme_id = $1 AND (r.role = ANY($2) OR cardinality($2::text[]) = 0) ORDER BY p.name`,
      [programmeId, roles],
    );
  }

  async invitee(personId: string): Promise<InviteeRow | null> {
    const [row] = await this.dataSource.query<InviteeRow[]>(`SELECT id, name, email, language FROM person WHERE id = $1`, [personId]);
    return row ?? null;
  }

  async reminderItem(itemId: string): Promise<ReminderItemRow | null> {
    const [row] = await this.dataSource.query<ReminderItemRow[]>(
      `SELECT a.title, a.kind, p.name AS programme, a.completed_at AS "completedAt", to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate"
         FROM assignment a JOIN programme p ON p.id = a.programme_id WHERE a.id = $1`,
      [itemId],
    );
    return row ?? null;
  }

  /** The owner and the steering-group chair: who hears when an item is overdue. */
  async escalationRecipientIds(programmeId: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ personId: string }>>(
      `SELECT person_id AS "personId" FROM programme_role WHERE programme_id = $1 AND role IN ('owner', 'steering_chair') ORDER BY role`,
      [programmeId],
    );
    return [...new Set(rows.map((r) => r.personId))];
  }

  /** Open items due on or before `until` of everyone who takes the digest, in running programmes, by person then due date. */
  digestItems(until: string): Promise<DigestItemRow[]> {
    return this.dataSource.query<DigestItemRow[]>(
      `SELECT pe.id, pe.name, pe.email, pe.language, a.id AS "itemId", a.title, a.kind, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate",
              p.name AS programme, p.id AS "programmeId"
         FROM person pe JOIN assignment a ON a.responsible_id = pe.id JOIN programme p ON p.id = a.programme_id
        WHERE pe.reminder_digest AND pe.active AND a.completed_at IS NULL AND p.status <> 'completed' AND a.due_date <= $1
        ORDER BY pe.id, a.due_date, a.title`,
      [until],
    );
  }
}
