import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SecurityAction } from '@fullfolj/contracts';

export interface SecurityAuditEntry {
  action: SecurityAction;
  /** Who acted; null for the identity provider, SCIM or the system. */
  actorPersonId?: string | null;
  /** Whom it concerns. */
  subjectPersonId?: string | null;
  /** Never a password, token or session id. */
  detail?: Record<string, unknown>;
}

export interface SecurityAuditRow {
  id: string;
  at: Date;
  action: SecurityAction;
  actorPersonId: string | null;
  subjectPersonId: string | null;
  detail: Record<string, unknown>;
}

/** An entry as the administrators' security log shows it. */
export interface SecurityLogRow extends SecurityAuditRow {
  actorName: string | null;
  subjectName: string | null;
}

/** At most this many entries per list call. */
export const MAX_SECURITY_LOG_ENTRIES = 1000;

/** The append-only security audit log (`security_audit`). */
@Injectable()
export class SecurityAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends entries; pass `manager` to write them in the caller's transaction. */
  async record(entries: SecurityAuditEntry | readonly SecurityAuditEntry[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await recordSecurityAudit(manager, entries);
  }

  /**
   * Newest first, with the names of actor and subject (null for the provider, SCIM, the
   * system, or a deleted person). `subjectPersonId`: only entries about that person;
   * `personId`: entries where the person acted or was acted on.
   */
  list(options: { subjectPersonId?: string; personId?: string; limit?: number } = {}): Promise<SecurityLogRow[]> {
    return this.dataSource.query<SecurityLogRow[]>(
      `SELECT a.id::text, a.at, a.action, a.actor_person_id AS "actorPersonId", actor.name AS "actorName",
              a.subject_person_id AS "subjectPersonId", subject.name AS "subjectName", a.detail
         FROM security_audit a
         LEFT JOIN person actor ON actor.id = a.actor_person_id
         LEFT JOIN person subject ON subject.id = a.subject_person_id
        WHERE ($1::uuid IS NULL OR a.subject_person_id = $1)
          AND ($2::uuid IS NULL OR a.subject_person_id = $2 OR a.actor_person_id = $2)
        ORDER BY a.at DESC, a.id DESC
        LIMIT $3`,
      [options.subjectPersonId ?? null, options.personId ?? null, Math.min(options.limit ?? 200, MAX_SECURITY_LOG_ENTRIES)],
    );
  }
}

/** For repositories that audit inside their own transactions. */
export async function recordSecurityAudit(manager: EntityManager, entries: SecurityAuditEntry | readonly SecurityAuditEntry[]): Promise<void> {
  const list: readonly SecurityAuditEntry[] = Array.isArray(entries) ? entries : [entries as SecurityAuditEntry];
  if (list.length === 0) return;
  await manager.query(
    `INSERT INTO security_audit (action, actor_person_id, subject_person_id, detail)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::jsonb[])`,
    [list.map((e) => e.action), list.map((e) => e.actorPersonId ?? null), list.map((e) => e.subjectPersonId ?? null), list.map((e) => JSON.stringify(e.detail ?? {}))],
  );
}
