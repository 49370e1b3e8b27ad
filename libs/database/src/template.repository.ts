import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

  async versions(id: string): Promise<number[]> {
    const rows = await this.dataSource.query<Array<{ version: number }>>(
      `SELECT version FROM programme_template WHERE id = $1 ORDER BY version`,
      [id],
    );
    return rows.map((r) => r.version);
  }
}
