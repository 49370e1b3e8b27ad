import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { deactivatePerson } from './person-lifecycle.repository';
import { recordSecurityAudit } from './security-audit.repository';

/** What replaces an erased person's free text in the read model and their mail. */
export const ERASED_TEXT = '[raderad]';
/** What replaces status notes once a programme's retention period has ended (gallrad). */
export const RETAINED_TEXT = '[gallrad]';

/** The stable pseudonym of an erased person: "Person 7" (decisions then read "Person 7 godkände"). */
export const pseudonymOf = (no: number | string): string => `Person ${no}`;
/** A unique address that can never receive mail (.invalid is reserved, RFC 2606). */
export const pseudonymEmailOf = (no: number | string): string => `person-${no}@erased.invalid`;

const iso = (column: string, alias: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`;

/** Everything Fullfölj holds about one person (GDPR art. 15 and 20). Never a secret or a hash. */
export interface PersonalDataExport {
  person: {
    id: string;
    name: string;
    email: string;
    organisationUnit: string | null;
    language: string;
    reminderDigest: boolean;
    active: boolean;
    deactivatedAt: string | null;
    createdAt: string;
    updatedAt: string;
    erasedAt: string | null;
  };
  rights: { canOwnProgrammes: boolean; isAdmin: boolean };
  roles: Array<{ programmeId: string; programmeName: string; role: string; team: string | null }>;
  /** Items (assignments, reports, minutes) they are or were responsible for. */
  items: Array<{
    id: string;
    programmeId: string;
    programmeName: string;
    kind: string;
    title: string;
    description: string | null;
    status: string;
    comment: string | null;
    dueDate: string;
    originalDueDate: string;
    completedAt: string | null;
    responsibleNow: boolean;
  }>;
  /** Their gate decisions (beslut), with comment and conditions. */
  decisions: Array<{ programmeId: string; programmeName: string; phaseKey: string; round: number; decision: string; comment: string | null; conditions: unknown[]; decidedAt: string }>;
  /** Every act of theirs in a programme's history: status notes, comments, reasons. */
  acts: Array<{ programmeId: string; programmeName: string; seq: number; type: string; subjectId: string | null; occurredAt: string; data: unknown }>;
  /** Mail addressed to them. */
  mail: Array<{ subject: string; status: string; createdAt: string; sentAt: string | null; text: string }>;
  sessions: Array<{ createdAt: string; lastSeenAt: string; expiresAt: string; singleSignOn: boolean }>;
  apiTokens: Array<{ name: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; revokedAt: string | null }>;
  identities: Array<{ protocol: string; issuer: string; createdAt: string; lastSignInAt: string | null }>;
  securityLog: Array<{ at: string; action: string; as: 'actor' | 'subject'; detail: unknown }>;
}

export type ErasureResult =
  | { outcome: 'not_found' | 'already_erased' | 'last_admin' }
  | { outcome: 'erased'; pseudonym: string; sessionsEnded: number; tokensRevoked: number; mailRewritten: number };

/** Export and erasure of one person's data; each one transaction with its security-log entry. */
@Injectable()
export class PersonalDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The person's data, and the export in the security log (one transaction); null when there is no such person. */
  exportFor(personId: string, actorPersonId: string): Promise<PersonalDataExport | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const data = await collect(tx, personId);
      if (!data) return null;
      await recordSecurityAudit(tx, {
        action: 'personal_data_exported',
        actorPersonId,
        subjectPersonId: personId,
        detail: { by: actorPersonId === personId ? 'self' : 'admin' },
      });
      return data;
    });
  }

  /**
   * Erases a person within the law on public records: name, e-mail and free text become a
   * stable pseudonym in the read model and the outbox, the account is deactivated (sessions
   * ended, tokens revoked) and its sign-in means removed, and the request is logged; all or
   * nothing. Decisions, events (the audit trail) and reports stay; they now name the pseudonym.
   */
  erase(personId: string, actorPersonId: string, reason: string): Promise<ErasureResult> {
    return this.dataSource.transaction(async (tx): Promise<ErasureResult> => {
      const [person] = await tx.query<Array<{ name: string; email: string; erased: boolean }>>(
        `SELECT name, email, EXISTS (SELECT 1 FROM person_erasure x WHERE x.person_id = p.id) AS erased FROM person p WHERE id = $1 FOR UPDATE`,
        [personId],
      );
      if (!person) return { outcome: 'not_found' };
      if (person.erased) return { outcome: 'already_erased' };
      const deactivation = await deactivatePerson(tx, personId, actorPersonId, 'admin');
      if (deactivation.outcome === 'last_admin' || deactivation.outcome === 'not_found') {
        // Roll back: nothing of the erasure may stay when the account cannot be deactivated.
        throw new ErasureRefused(deactivation.outcome);
      }
      const [{ no }] = await tx.query<Array<{ no: string }>>(
        `INSERT INTO person_erasure (person_id, reason, erased_by) VALUES ($1, $2, $3) RETURNING pseudonym_no::text AS no`,
        [personId, reason, actorPersonId],
      );
      const pseudonym = pseudonymOf(no);
      const pseudonymEmail = pseudonymEmailOf(no);
      await tx.query(`UPDATE person SET name = $2, email = $3, organisation_unit = NULL, updated_at = now() WHERE id = $1`, [personId, pseudonym, pseudonymEmail]);
      // Ways to sign in and what identity providers sent about them.
      for (const table of ['local_credential', 'person_identity', 'password_reset', 'scim_user']) {
        await tx.query(`DELETE FROM ${table} WHERE person_id = $1`, [personId]);
      }
      // The programmes the person took part in: their read model and mail may mention them.
      const programmes = (
        await tx.query<Array<{ id: string }>>(
          `SELECT programme_id AS id FROM programme_role WHERE person_id = $1
           UNION SELECT programme_id FROM assignment WHERE responsible_id = $1
           UNION SELECT programme_id FROM gate_decision WHERE person_id = $1
           UNION SELECT programme_id FROM programme_event WHERE actor_id = $1
           ORDER BY id`,
          [personId],
        )
      ).map((r) => r.id);
      const mailRewritten = await rewriteMail(tx, { ...person, id: personId }, programmes, pseudonym, pseudonymEmail);
      for (const id of programmes) await applyPersonalDataRules(tx, id);
      await recordSecurityAudit(tx, { action: 'person_erased', actorPersonId, subjectPersonId: personId, detail: { reason, pseudonym } });
      return { outcome: 'erased', pseudonym, sessionsEnded: deactivation.sessionsEnded, tokensRevoked: deactivation.tokensRevoked, mailRewritten };
    }).catch((error: unknown): ErasureResult => {
      if (error instanceof ErasureRefused) return { outcome: error.outcome };
      throw error;
    });
  }
}

class ErasureRefused extends Error {
  constructor(readonly outcome: 'last_admin' | 'not_found') {
    super(outcome);
  }
}

/**
 * Re-applies erasures and retention to a programme's read model. The projection calls it after
 * every write, in the same transaction: the fold works from the append-only events, which still
 * hold the free text, so without this a later event or a rebuild would bring it back.
 */
export async function applyPersonalDataRules(tx: EntityManager, programmeId: string): Promise<void> {
  const [rules] = await tx.query<Array<{ erasures: boolean; retained: boolean }>>(
    `SELECT EXISTS (SELECT 1 FROM person_erasure) AS erasures, EXISTS (SELECT 1 FROM programme_retention WHERE programme_id = $1) AS retained`,
    [programmeId],
  );
  if (rules.retained) {
    await tx.query(`UPDATE assignment SET comment = $2 WHERE programme_id = $1 AND comment IS NOT NULL AND comment <> $2`, [programmeId, RETAINED_TEXT]);
  }
  if (!rules.erasures) return;
  // A decision keeps what was decided and by whom (the pseudonym); the erased person's comment goes.
  await tx.query(
    `UPDATE gate_decision d SET comment = $2
      WHERE d.programme_id = $1 AND d.comment IS NOT NULL AND d.comment <> $2
        AND EXISTS (SELECT 1 FROM person_erasure x WHERE x.person_id = d.person_id)`,
    [programmeId, ERASED_TEXT],
  );
  // An item's status note is the comment of its last status act; erased when that act was theirs.
  await tx.query(
    `UPDATE assignment a SET comment = $2
      WHERE a.programme_id = $1 AND a.comment IS NOT NULL AND a.comment NOT IN ($2, $3)
        AND EXISTS (SELECT 1 FROM person_erasure x WHERE x.person_id = (
          SELECT e.actor_id FROM programme_event e
           WHERE e.programme_id = $1 AND e.type IN ('status_recorded', 'assignment_completed')
             AND e.data->>'assignmentId' = a.id::text AND e.data->>'comment' IS NOT NULL
           ORDER BY e.seq DESC LIMIT 1))`,
    [programmeId, ERASED_TEXT, RETAINED_TEXT],
  );
}

/**
 * Mail to the person loses its content and address (unsent mail is not sent). Mail to others
 * about them (their programmes' notices, reminders and handovers, and the owners' notice of
 * their deactivation) has their name and address replaced by the pseudonym; only that mail, so
 * a namesake elsewhere keeps their name. Returns the rows changed.
 */
async function rewriteMail(
  tx: EntityManager,
  person: { id: string; name: string; email: string },
  programmeIds: string[],
  pseudonym: string,
  pseudonymEmail: string,
): Promise<number> {
  const [, own] = await tx.query<[unknown[], number]>(
    `UPDATE mail_outbox SET to_address = $2, subject = $3, text_body = $3, html_body = NULL, ical_method = NULL, ical_content = NULL,
            status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
            last_error = CASE WHEN status = 'pending' THEN 'recipient erased' ELSE last_error END, updated_at = now()
      WHERE lower(to_address) = lower($1)`,
    [person.email, pseudonymEmail, ERASED_TEXT],
  );
  let others = 0;
  const replacements: Array<[string, string]> = [[person.email, pseudonymEmail]];
  // Very short names would match inside other words; such a name stays in others' mail.
  if (person.name.trim().length >= 3) {
    replacements.push([person.name, pseudonym]);
    const escaped = escapeHtml(person.name);
    if (escaped !== person.name) replacements.push([escaped, pseudonym]);
  }
  for (const [from, to] of replacements) {
    const [, count] = await tx.query<[unknown[], number]>(
      `UPDATE mail_outbox SET subject = replace(subject, $1, $2), text_body = replace(text_body, $1, $2), html_body = replace(html_body, $1, $2),
              ical_content = replace(ical_content, $1, $2), updated_at = now()
        WHERE (strpos(subject, $1) > 0 OR strpos(text_body, $1) > 0 OR strpos(html_body, $1) > 0 OR strpos(ical_content, $1) > 0)
          AND (key LIKE 'orphaned:' || $3::text || ':%'
            OR EXISTS (SELECT 1 FROM unnest($4::uuid[]) g(id) WHERE key LIKE 'gate:' || g.id::text || ':%' OR key LIKE 'meeting:' || g.id::text || ':%')
            OR EXISTS (SELECT 1 FROM assignment a WHERE a.programme_id = ANY($4::uuid[]) AND key LIKE 'item:' || a.id::text || ':%'))`,
      [from, to, person.id, programmeIds],
    );
    others += count ?? 0;
  }
  return (own ?? 0) + others;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

async function collect(tx: EntityManager, personId: string): Promise<PersonalDataExport | null> {
  const [p] = await tx.query<Array<PersonalDataExport['person'] & PersonalDataExport['rights']>>(
    `SELECT p.id, p.name, p.email, p.organisation_unit AS "organisationUnit", p.language, p.reminder_digest AS "reminderDigest", p.active,
            ${iso('p.deactivated_at', 'deactivatedAt')}, ${iso('p.created_at', 'createdAt')}, ${iso('p.updated_at', 'updatedAt')},
            ${iso('x.erased_at', 'erasedAt')}, p.can_own_programmes AS "canOwnProgrammes", p.is_admin AS "isAdmin"
       FROM person p LEFT JOIN person_erasure x ON x.person_id = p.id WHERE p.id = $1`,
    [personId],
  );
  if (!p) return null;
  const { canOwnProgrammes, isAdmin, ...person } = p;
  const q = <T>(sql: string, params: unknown[] = [personId]) => tx.query<T[]>(sql, params);
  return {
    person,
    rights: { canOwnProgrammes, isAdmin },
    roles: await q(
      `SELECT r.programme_id AS "programmeId", g.name AS "programmeName", r.role, r.team
         FROM programme_role r JOIN programme g ON g.id = r.programme_id WHERE r.person_id = $1 ORDER BY g.name, r.role`,
    ),
    items: await q(
      `SELECT a.id, a.programme_id AS "programmeId", g.name AS "programmeName", a.kind, a.title, a.description, a.status, a.comment,
              to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", to_char(a.original_due_date, 'YYYY-MM-DD') AS "originalDueDate",
              ${iso('a.completed_at', 'completedAt')}, (a.responsible_id IS NOT DISTINCT FROM $1) AS "responsibleNow"
         FROM assignment a JOIN programme g ON g.id = a.programme_id
        WHERE a.responsible_id = $1 OR EXISTS (
          SELECT 1 FROM programme_event e WHERE e.programme_id = a.programme_id AND (
            (e.type = 'assignment_reassigned' AND e.data->>'assignmentId' = a.id::text AND $1::text IN (e.data->>'from', e.data->>'to'))
            OR (e.type = 'assignment_created' AND e.data->'assignment'->>'id' = a.id::text AND e.data->'assignment'->>'responsibleId' = $1::text)
            OR (e.type = 'programme_started' AND EXISTS (
              SELECT 1 FROM jsonb_array_elements(e.data->'definition'->'assignments') d WHERE d->>'id' = a.id::text AND d->>'responsibleId' = $1::text))))
        ORDER BY g.name, a.due_date, a.title`,
    ),
    decisions: await q(
      `SELECT d.programme_id AS "programmeId", g.name AS "programmeName", d.phase_key AS "phaseKey", d.round, d.decision, d.comment, d.conditions,
              ${iso('d.decided_at', 'decidedAt')}
         FROM gate_decision d JOIN programme g ON g.id = d.programme_id WHERE d.person_id = $1 ORDER BY d.decided_at, d.id`,
    ),
    acts: await q(
      `SELECT e.programme_id AS "programmeId", g.name AS "programmeName", e.seq, e.type, e.subject_id AS "subjectId", ${iso('e.occurred_at', 'occurredAt')},
              CASE WHEN e.type = 'programme_started' THEN jsonb_build_object('name', e.data->'definition'->>'name') ELSE e.data END AS data
         FROM programme_event e JOIN programme g ON g.id = e.programme_id WHERE e.actor_id = $1 ORDER BY e.occurred_at, e.programme_id, e.seq`,
    ),
    mail: await q(
      `SELECT subject, status, ${iso('created_at', 'createdAt')}, ${iso('sent_at', 'sentAt')}, text_body AS text
         FROM mail_outbox WHERE lower(to_address) = lower($1) ORDER BY created_at, id`,
      [p.email],
    ),
    sessions: await q(
      `SELECT ${iso('created_at', 'createdAt')}, ${iso('last_seen_at', 'lastSeenAt')}, ${iso('expires_at', 'expiresAt')}, (external IS NOT NULL) AS "singleSignOn"
         FROM auth_session WHERE person_id = $1 ORDER BY created_at`,
    ),
    apiTokens: await q(
      `SELECT name, ${iso('created_at', 'createdAt')}, ${iso('last_used_at', 'lastUsedAt')}, ${iso('expires_at', 'expiresAt')}, ${iso('revoked_at', 'revokedAt')}
         FROM api_token WHERE person_id = $1 ORDER BY created_at`,
    ),
    identities: await q(
      `SELECT protocol, issuer, ${iso('created_at', 'createdAt')}, ${iso('last_sign_in_at', 'lastSignInAt')} FROM person_identity WHERE person_id = $1 ORDER BY created_at`,
    ),
    securityLog: await q(
      `SELECT ${iso('at', 'at')}, action, CASE WHEN subject_person_id = $1 THEN 'subject' ELSE 'actor' END AS "as", detail
         FROM security_audit WHERE subject_person_id = $1 OR actor_person_id = $1 ORDER BY at, id`,
    ),
  };
}
