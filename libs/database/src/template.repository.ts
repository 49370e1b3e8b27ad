import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordSecurityAudit } from './security-audit.repository';

/** owner: published version 1; co_owner: named by the owner (medägare). Both may publish new versions. */
export type TemplateOwnerRole = 'owner' | 'co_owner';

export interface TemplateOwnerRow {
  personId: string;
  name: string;
  role: TemplateOwnerRole;
  addedAt: string;
}

export interface TemplateRow {
  id: string;
  version: number;
  definition: unknown;
  source: 'shipped' | 'custom';
  createdBy: string | null;
  createdAt: string;
}

/** Programme templates, versioned. A version once stored never changes; programmes keep theirs. */
@Injectable()
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a version unless it exists; true when inserted. */
  async insert(row: { id: string; version: number; definition: unknown; source: 'shipped' | 'custom'; createdBy?: string | null }): Promise<boolean> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO programme_template (id, version, definition, source, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id, version) DO NOTHING RETURNING id`,
      [row.id, row.version, JSON.stringify(row.definition), row.source, row.createdBy ?? null],
    );
    return inserted.length > 0;
  }

  /** The latest version of each template. */
  latest(): Promise<TemplateRow[]> {
    return this.dataSource.query<TemplateRow[]>(
      `SELECT DISTINCT ON (id) id, version, definition, source, created_by AS "createdBy", created_at AS "createdAt"
         FROM programme_template ORDER BY id, version DESC`,
    );
  }

  async find(id: string, version?: number): Promise<TemplateRow | null> {
    const rows = await this.dataSource.query<TemplateRow[]>(
      `SELECT id, version, definition, source, created_by AS "createdBy", created_at AS "createdAt"
         FROM programme_template WHERE id = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
      [id, version ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * Publishes a version; version 1 makes `createdBy` the template's owner in the same
   * transaction. False when that version exists already (someone was first).
   */
  async publish(row: { id: string; version: number; definition: unknown; createdBy: string }): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO programme_template (id, version, definition, source, created_by) VALUES ($1, $2, $3, 'custom', $4)
         ON CONFLICT (id, version) DO NOTHING RETURNING id`,
        [row.id, row.version, JSON.stringify(row.definition), row.createdBy],
      );
      if (inserted.length === 0) return false;
      if (row.version === 1) {
        await manager.query(`INSERT INTO template_owner (template_id, person_id, role, added_by) VALUES ($1, $2, 'owner', $2)`, [row.id, row.createdBy]);
      }
      return true;
    });
  }

  /** Owner first, then co-owners in the order they were added. */
  owners(templateId: string): Promise<TemplateOwnerRow[]> {
    return this.dataSource.query<TemplateOwnerRow[]>(
      `SELECT o.person_id AS "personId", p.name, o.role, o.added_at AS "addedAt"
         FROM template_owner o JOIN person p ON p.id = o.person_id
        WHERE o.template_id = $1
        ORDER BY o.role = 'owner' DESC, o.added_at, p.name`,
      [templateId],
    );
  }

  /** Adds a co-owner and audits it; false when the person already owns or co-owns it. */
  async addCoOwner(templateId: string, personId: string, actorId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO template_owner (template_id, person_id, role, added_by) VALUES ($1, $2, 'co_owner', $3)
         ON CONFLICT (template_id, person_id) DO NOTHING RETURNING person_id`,
        [templateId, personId, actorId],
      );
      if (inserted.length === 0) return false;
      await recordSecurityAudit(manager, { action: 'template_co_owner_added', actorPersonId: actorId, subjectPersonId: personId, detail: { templateId } });
      return true;
    });
  }

  /** Removes a co-owner (never the owner) and audits it; false when they were none. */
  async removeCoOwner(templateId: string, personId: string, actorId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [deleted] = await manager.query<[unknown[], number]>(
        `DELETE FROM template_owner WHERE template_id = $1 AND person_id = $2 AND role = 'co_owner' RETURNING person_id`,
        [templateId, personId],
      );
      if (deleted.length === 0) return false;
      await recordSecurityAudit(manager, { action: 'template_co_owner_removed', actorPersonId: actorId, subjectPersonId: personId, detail: { templateId } });
      return true;
    });
  }

  async versions(id: string): Promise<number[]> {
    const rows = await this.dataSource.query<Array<{ version: number }>>(
      `SELECT version FROM programme_template WHERE id = $1 ORDER BY version`,
      [id],
    );
    return rows.map((r) => r.version);
  }
}
