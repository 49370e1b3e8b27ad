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

/** The append-only security audit log (`security_audit`). */
@Injectable()
export class SecurityAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends entries; pass `manager` to write them in the caller's transaction. */
  async record(entries: SecurityAuditEntry | readonly SecurityAuditEntry[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await recordSecurityAudit(manager, entries);
  }

  /** Newest first; optionally only entries about one person. */
  list(options: { subjectPersonId?: string; limit?: number } = {}): Promise<SecurityAuditRow[]> {
    return this.dataSource.query<SecurityAuditRow[]>(
      `SELECT id::text, at, action, actor_person_id AS "actorPersonId", subject_person_id AS "subjectPersonId", detail
         FROM security_audit
        WHERE ($1::uuid IS NULL OR subject_person_id = $1)
        ORDER BY at DESC, id DESC
        LIMIT $2`,
      [options.subjectPersonId ?? null, Math.min(options.limit ?? 200, 1000)],
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
