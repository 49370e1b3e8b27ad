import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, PeopleRepository, Person, runMigrations } from '@fullfolj/database';
import { adminQuery, withDatabase } from './global-setup';
import { testServices } from './services';

// Probes of stored state for int/e2e specs. All SQL lives in libs/database or here, never
// under apps/, so specs there ask these named questions instead.

/** The running API (its DataSource is taken from it) or the DataSource itself (`stack.db`). */
export type DbHandle = INestApplication | DataSource;

const dataSourceOf = (handle: DbHandle): DataSource => (handle instanceof DataSource ? handle : handle.get(DataSource));

/** Rows in `table`, optionally only those whose columns equal `where` (trusted test input). */
export async function countRows(db: DbHandle, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const columns = Object.keys(where);
  const condition = columns.length === 0 ? '' : ` WHERE ${columns.map((c, i) => `"${c}" = $${i + 1}`).join(' AND ')}`;
  const rows: { n: number }[] = await dataSourceOf(db).query(`SELECT count(*)::int AS n FROM "${table}"${condition}`, Object.values(where));
  return rows[0].n;
}

/** The stored id_hash of each of the person's sessions. */
export async function storedSessionHashes(db: DbHandle, personId: string): Promise<string[]> {
  const rows: { id_hash: string }[] = await dataSourceOf(db).query(`SELECT id_hash FROM auth_session WHERE person_id = $1`, [personId]);
  return rows.map((r) => r.id_hash);
}

/** Every column of the api_token row with this id (none or one row). */
export function apiTokenRows(db: DbHandle, id: string): Promise<Record<string, unknown>[]> {
  return dataSourceOf(db).query(`SELECT * FROM api_token WHERE id = $1`, [id]);
}

/** Names of the people whose e-mail equals `email` in any case. */
export async function personNamesByEmail(db: DbHandle, email: string): Promise<string[]> {
  const rows: { name: string }[] = await dataSourceOf(db).query(`SELECT name FROM person WHERE lower(email) = lower($1)`, [email]);
  return rows.map((r) => r.name);
}

/** Ids of the programme's assignments (also reports, minutes) that are open and on `responsibleId`. */
export async function openAssignmentIds(db: DbHandle, programmeId: string, responsibleId: string): Promise<string[]> {
  const rows: { id: string }[] = await dataSourceOf(db).query(
    `SELECT id::text FROM assignment WHERE programme_id = $1 AND responsible_id = $2 AND completed_at IS NULL`,
    [programmeId, responsibleId],
  );
  return rows.map((r) => r.id);
}

/** How many of these assignment ids are stored. */
export async function countAssignments(db: DbHandle, ids: string[]): Promise<number> {
  const rows: { n: number }[] = await dataSourceOf(db).query(`SELECT count(*)::int AS n FROM assignment WHERE id = ANY($1::uuid[])`, [ids]);
  return rows[0].n;
}

/** Tries to alter the programme's audit events in place; the append-only trigger must reject it. */
export async function tryUpdateEvents(db: DbHandle, programmeId: string): Promise<void> {
  await dataSourceOf(db).query(`UPDATE programme_event SET type = 'x' WHERE programme_id = $1`, [programmeId]);
}

/** Tries to delete the programme's audit events; the append-only trigger must reject it. */
export async function tryDeleteEvents(db: DbHandle, programmeId: string): Promise<void> {
  await dataSourceOf(db).query(`DELETE FROM programme_event WHERE programme_id = $1`, [programmeId]);
}

/** A database of its own on the int tier's server, migrated and empty. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(name: string): Promise<ScratchDatabase> {
  const { serverUrl } = testServices();
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  await runMigrations(url);
  return { url, drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A connection to the database at `url`, for building repositories outside the API. */
export interface OpenDatabase {
  /** A new PeopleRepository on this connection (as each API process would have its own). */
  peopleRepository(): PeopleRepository;
  countPeople(): Promise<number>;
  allPeople(): Promise<Person[]>;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<OpenDatabase> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  return {
    peopleRepository: () => new PeopleRepository(dataSource),
    countPeople: () => dataSource.getRepository(Person).count(),
    allPeople: () => dataSource.getRepository(Person).find(),
    close: () => dataSource.destroy(),
  };
}

export interface MailOutboxRow {
  key: string;
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

/** Reads mail_outbox over a plain pg connection (the e2e tier has no DataSource of its own). */
export interface MailOutboxProbe {
  /** The rows with these keys, by key. */
  rows(keys: string[]): Promise<MailOutboxRow[]>;
  close(): Promise<void>;
}

export async function openMailOutbox(databaseUrl: string): Promise<MailOutboxProbe> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  return {
    async rows(keys) {
      const { rows } = await pg.query<MailOutboxRow>(
        `SELECT key, message_id, status, attempts, last_error, sent_at FROM mail_outbox WHERE key = ANY($1::text[]) ORDER BY key`,
        [keys],
      );
      return rows;
    },
    close: () => pg.end(),
  };
}

/** Moves every reset link of the person into the past, as if 24 hours had gone by. */
export async function expirePasswordResets(db: DbHandle, personId: string): Promise<void> {
  await dataSourceOf(db).query(`UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE person_id = $1`, [personId]);
}

/** Moves the API token's expiry into the past. */
export async function expireApiToken(db: DbHandle, id: string): Promise<void> {
  await dataSourceOf(db).query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
}
