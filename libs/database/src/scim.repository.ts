import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '@fullfolj/contracts';
import { recordSecurityAudit } from './security-audit.repository';

export interface ScimTokenRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A person as SCIM sees them: the person row plus what `scim_user` remembers. */
export interface ScimPersonRow {
  id: string;
  name: string;
  email: string;
  organisationUnit: string | null;
  language: Language;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
}

export interface ScimPersonFields {
  name: string;
  email: string;
  organisationUnit: string | null;
  language: Language;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
}

/** Which attribute a lookup filters on. */
export type ScimLookup = { attribute: 'userName' | 'externalId'; value: string } | null;

const PERSON_COLUMNS = `p.id::text AS id, p.name, p.email, p.organisation_unit AS "organisationUnit", p.language, p.active,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt", s.external_id AS "externalId", s.given_name AS "givenName", s.family_name AS "familyName"`;

/** SCIM bearer tokens (`scim_token`, by hash only) and the SCIM side of people (`scim_user`). */
@Injectable()
export class ScimRepository {
  constructor(private readonly dataSource: DataSource) {}

  createToken(name: string, tokenHash: string, createdBy: string): Promise<ScimTokenRow> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<ScimTokenRow[]>(
        `INSERT INTO scim_token (name, token_hash, created_by) VALUES ($1, $2, $3)
         RETURNING id::text, name, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
        [name, tokenHash, createdBy],
      );
      await recordSecurityAudit(manager, { action: 'scim_token_created', actorPersonId: createdBy, detail: { tokenId: row.id, name } });
      return row;
    });
  }

  listTokens(): Promise<ScimTokenRow[]> {
    return this.dataSource.query<ScimTokenRow[]>(
      `SELECT id::text, name, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt" FROM scim_token ORDER BY created_at DESC, id`,
    );
  }

  /** Revokes the token (keeping its first revocation time); false when there is no such token. */
  revokeToken(id: string, actorPersonId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ revoked: boolean }>>(`SELECT revoked_at IS NOT NULL AS revoked FROM scim_token WHERE id = $1 FOR UPDATE`, [id]);
      if (rows.length === 0) return false;
      if (rows[0].revoked) return true;
      await manager.query(`UPDATE scim_token SET revoked_at = now() WHERE id = $1`, [id]);
      await recordSecurityAudit(manager, { action: 'scim_token_revoked', actorPersonId, detail: { tokenId: id } });
      return true;
    });
  }

  /** Whether an unrevoked token has this hash; records its use (at most once a minute). */
  async useToken(tokenHash: string): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM scim_token WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
    if (rows.length === 0) return false;
    await this.dataSource.query(
      `UPDATE scim_token SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [rows[0].id],
    );
    return true;
  }

  async find(personId: string): Promise<ScimPersonRow | null> {
    const [row] = await this.dataSource.query<ScimPersonRow[]>(`SELECT ${PERSON_COLUMNS} FROM person p LEFT JOIN scim_user s ON s.person_id = p.id WHERE p.id = $1`, [personId]);
    return row ?? null;
  }

  /** One page of people (1-based `startIndex`), optionally only those matching `lookup`, with the total. */
  async list(lookup: ScimLookup, startIndex: number, count: number): Promise<{ total: number; rows: ScimPersonRow[] }> {
    const where =
      lookup === null ? 'TRUE' : lookup.attribute === 'userName' ? 'lower(p.email) = lower($3)' : 's.external_id = $3';
    const params = [Math.max(startIndex - 1, 0), count, ...(lookup === null ? [] : [lookup.value])];
    const rows = await this.dataSource.query<Array<ScimPersonRow & { total: number }>>(
      `SELECT ${PERSON_COLUMNS}, count(*) OVER ()::int AS total
         FROM person p LEFT JOIN scim_user s ON s.person_id = p.id
        WHERE ${where}
        ORDER BY p.created_at, p.id OFFSET $1 LIMIT $2`,
      params,
    );
    if (rows.length > 0 || startIndex <= 1) return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _t, ...r }) => r) };
    // Past the last page: the total still counts.
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM person p LEFT JOIN scim_user s ON s.person_id = p.id WHERE ${where.replace('$3', '$1')}`,
      lookup === null ? [] : [lookup.value],
    );
    return { total: n, rows: [] };
  }

  /** Whether another person has this externalId. */
  async externalIdTaken(externalId: string, exceptPersonId: string | null): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM scim_user WHERE external_id = $1 AND ($2::uuid IS NULL OR person_id <> $2)`, [externalId, exceptPersonId]);
    return rows.length > 0;
  }

  /**
   * Creates (id null) or updates the person and their SCIM attributes, with the audit entry,
   * in one transaction. A taken e-mail fails with the unique violation on person_email_uq.
   */
  save(id: string | null, fields: ScimPersonFields): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      let personId = id;
      if (personId === null) {
        const [row] = await manager.query<Array<{ id: string }>>(
          `INSERT INTO person (name, email, organisation_unit, language) VALUES ($1, $2, $3, $4) RETURNING id::text`,
          [fields.name, fields.email, fields.organisationUnit, fields.language],
        );
        personId = row.id;
      } else {
        await manager.query(`UPDATE person SET name = $2, email = $3, organisation_unit = $4, language = $5, updated_at = now() WHERE id = $1`, [
          personId,
          fields.name,
          fields.email,
          fields.organisationUnit,
          fields.language,
        ]);
      }
      await manager.query(
        `INSERT INTO scim_user (person_id, external_id, given_name, family_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE SET external_id = EXCLUDED.external_id, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name`,
        [personId, fields.externalId, fields.givenName, fields.familyName],
      );
      await recordSecurityAudit(manager, { action: id === null ? 'person_created' : 'person_updated', actorPersonId: null, subjectPersonId: personId, detail: { via: 'scim' } });
      return personId;
    });
  }
}
