import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordSecurityAudit } from './security-audit.repository';

/** Result of consuming a reset link: the person whose password was set, or why not. */
export type PasswordResetOutcome = { ok: true; personId: string } | { ok: false };

/**
 * The acts on a person's local password (`local_credential`) and reset links
 * (`password_reset`). Each act writes the password, ends sessions and appends its audit
 * entry in one transaction, so a new password never coexists with sessions it should have
 * ended, and the log never misses an act.
 */
@Injectable()
export class LocalAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Replaces the person's stored password and ends their sessions except the one whose
   * id hash is `keepSessionHash` (null: ends all). False when the person has no local
   * password (nothing is written then).
   */
  changePassword(personId: string, passwordHash: string, keepSessionHash: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await replacePassword(manager, personId, passwordHash))) return false;
      const ended = await endSessions(manager, personId, keepSessionHash);
      await recordSecurityAudit(manager, { action: 'password_changed', actorPersonId: personId, subjectPersonId: personId, detail: { endedSessions: ended } });
      return true;
    });
  }

  /**
   * Stores a reset link (its hash) valid for `validSeconds`; any earlier unused link of the
   * person stops working, so only the newest mail counts. Returns when it expires.
   */
  createPasswordReset(tokenHash: string, personId: string, createdBy: string, validSeconds: number): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM password_reset WHERE person_id = $1 AND used_at IS NULL`, [personId]);
      const rows = await manager.query<Array<{ expires_at: Date }>>(
        `INSERT INTO password_reset (token_hash, person_id, created_by, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
        [tokenHash, personId, createdBy, validSeconds],
      );
      const expiresAt = rows[0].expires_at;
      await recordSecurityAudit(manager, { action: 'password_reset_requested', actorPersonId: createdBy, subjectPersonId: personId, detail: { expiresAt } });
      return expiresAt;
    });
  }

  /**
   * Uses the link with this hash: marks it used (the UPDATE's row lock makes a second,
   * concurrent use find it used), sets the password and ends every session of the person.
   * Refused for an unknown, used or expired link and for a deactivated person.
   */
  completePasswordReset(tokenHash: string, passwordHash: string): Promise<PasswordResetOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[Array<{ person_id: string }>, number]>(
        `UPDATE password_reset r SET used_at = now()
           FROM person p
          WHERE r.token_hash = $1 AND p.id = r.person_id AND p.active AND r.used_at IS NULL AND r.expires_at > now()
         RETURNING r.person_id`,
        [tokenHash],
      );
      const personId = rows[0]?.person_id;
      if (!personId) return { ok: false };
      // A person who signs in only through single sign-on gets a local password here.
      await manager.query(
        `INSERT INTO local_credential (person_id, password_hash) VALUES ($1, $2)
         ON CONFLICT (person_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
        [personId, passwordHash],
      );
      await manager.query(`DELETE FROM password_reset WHERE person_id = $1 AND used_at IS NULL`, [personId]);
      const ended = await endSessions(manager, personId, null);
      await recordSecurityAudit(manager, { action: 'password_reset_completed', actorPersonId: personId, subjectPersonId: personId, detail: { endedSessions: ended } });
      return { ok: true, personId };
    });
  }

  /** Ends every session of the person ("sign out everywhere") and audits it; returns how many ended. */
  signOutEverywhere(personId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const ended = await endSessions(manager, personId, null);
      await recordSecurityAudit(manager, { action: 'sign_out_everywhere', actorPersonId: personId, subjectPersonId: personId, detail: { endedSessions: ended } });
      return ended;
    });
  }
}

async function replacePassword(manager: EntityManager, personId: string, passwordHash: string): Promise<boolean> {
  const [, affected] = await manager.query<[unknown[], number]>(
    `UPDATE local_credential SET password_hash = $2, updated_at = now() WHERE person_id = $1`,
    [personId, passwordHash],
  );
  return affected > 0;
}

async function endSessions(manager: EntityManager, personId: string, keepSessionHash: string | null): Promise<number> {
  const [, affected] = await manager.query<[unknown[], number]>(
    `DELETE FROM auth_session WHERE person_id = $1 AND ($2::text IS NULL OR id_hash <> $2)`,
    [personId, keepSessionHash],
  );
  return affected;
}
