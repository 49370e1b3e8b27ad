import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@fullfolj/contracts';
import { Person } from './entities/person.entity';
import { recordSecurityAudit } from './security-audit.repository';

export type LifecycleVia = 'admin' | 'scim';

/** What a deactivation did: refused, nothing (already inactive), or done now. */
export type DeactivationResult =
  | { outcome: 'not_found' }
  | { outcome: 'last_admin' }
  | { outcome: 'already_inactive' | 'deactivated'; person: Person; sessionsEnded: number; tokensRevoked: number };

/** One open item of a deactivated person, with the owner of its programme who must reassign it. */
export interface OrphanedItemRow {
  itemId: string;
  title: string;
  kind: string;
  dueDate: string;
  programmeId: string;
  programmeName: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  ownerLanguage: Language;
}

/** Deactivation and reactivation of people: each one transaction with its audit entry. */
@Injectable()
export class PersonLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Marks the person inactive, ends every session and revokes every API token, and audits it,
   * all or nothing. Refuses to take away the last active administrator. An already inactive
   * person is left as is (a retry after a crash finds the same deactivated_at).
   */
  deactivate(personId: string, actorPersonId: string | null, via: LifecycleVia): Promise<DeactivationResult> {
    return this.dataSource.transaction((manager) => deactivatePerson(manager, personId, actorPersonId, via));
  }

  /**
   * Makes the person active again (no session or token comes back); null when there is no such
   * person, 'erased' when their data were erased (the account stays closed for good).
   */
  reactivate(personId: string, actorPersonId: string | null, via: LifecycleVia): Promise<Person | null | 'erased'> {
    return this.dataSource.transaction(async (manager) => {
      const person = await lockPerson(manager, personId);
      if (!person) return null;
      if (person.active) return person;
      const erased = await manager.query<unknown[]>(`SELECT 1 FROM person_erasure WHERE person_id = $1`, [personId]);
      if (erased.length > 0) return 'erased';
      await manager.query(`UPDATE person SET active = true, deactivated_at = NULL, updated_at = now() WHERE id = $1`, [personId]);
      await recordSecurityAudit(manager, { action: 'person_reactivated', actorPersonId, subjectPersonId: personId, detail: { via } });
      return lockPerson(manager, personId);
    });
  }

  /** The person's open items in programmes still running, with each programme's (active) owner. */
  orphanedItems(personId: string): Promise<OrphanedItemRow[]> {
    return this.dataSource.query<OrphanedItemRow[]>(
      `SELECT a.id::text AS "itemId", a.title, a.kind, to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate",
              p.id::text AS "programmeId", p.name AS "programmeName",
              o.id::text AS "ownerId", o.name AS "ownerName", o.email AS "ownerEmail", o.language AS "ownerLanguage"
         FROM assignment a
         JOIN programme p ON p.id = a.programme_id
         JOIN person o ON o.id = p.owner_id
        WHERE a.responsible_id = $1 AND a.completed_at IS NULL AND p.status <> 'completed'
          AND o.active AND o.id <> $1
        ORDER BY o.id, p.name, a.due_date, a.title`,
      [personId],
    );
  }
}

/** The deactivation itself, in the caller's transaction (erasure deactivates in its own). */
export async function deactivatePerson(manager: EntityManager, personId: string, actorPersonId: string | null, via: LifecycleVia): Promise<DeactivationResult> {
  const person = await lockPerson(manager, personId);
  if (!person) return { outcome: 'not_found' };
  if (!person.active) return { outcome: 'already_inactive', person, sessionsEnded: 0, tokensRevoked: 0 };
  if (person.isAdmin) {
    // Locks every active administrator, so two concurrent deactivations cannot both pass.
    const admins = await manager.query<Array<{ id: string }>>(`SELECT id FROM person WHERE is_admin AND active ORDER BY id FOR UPDATE`);
    if (admins.length <= 1) return { outcome: 'last_admin' };
  }
  await manager.query(`UPDATE person SET active = false, deactivated_at = now(), updated_at = now() WHERE id = $1`, [personId]);
  const sessions = await manager.query<[unknown[], number]>(`DELETE FROM auth_session WHERE person_id = $1`, [personId]);
  const tokens = await manager.query<[unknown[], number]>(`UPDATE api_token SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [personId]);
  const sessionsEnded = sessions[1] ?? 0;
  const tokensRevoked = tokens[1] ?? 0;
  await recordSecurityAudit(manager, { action: 'person_deactivated', actorPersonId, subjectPersonId: personId, detail: { via, sessionsEnded, tokensRevoked } });
  return { outcome: 'deactivated', person: (await lockPerson(manager, personId))!, sessionsEnded, tokensRevoked };
}

function lockPerson(manager: EntityManager, id: string): Promise<Person | null> {
  return manager.getRepository(Person).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}
