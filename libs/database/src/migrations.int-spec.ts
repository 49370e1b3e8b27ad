import { Client } from 'pg';
import { adminQuery, withDatabase } from '../../../test/support/global-setup';
import { testServices } from '@fullfolj/testing';
import { migrations, runMigrations } from './data-source';

describe('migrations on an empty database', () => {
  const { serverUrl } = testServices();
  const name = `fullfolj_migrations_${Date.now()}`;
  const url = withDatabase(serverUrl, name);

  beforeAll(() => adminQuery(serverUrl, `CREATE DATABASE "${name}"`));
  afterAll(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('applies every committed migration, creating the schema', async () => {
    const applied = await runMigrations(url);
    expect(applied).toEqual(migrations.map((m) => m.name));

    const columns = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'mail_outbox' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(
      expect.arrayContaining(['id', 'key', 'message_id', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'sent_at']),
    );
    const recorded = await query<{ name: string }>(`SELECT name FROM schema_migrations ORDER BY id`);
    expect(recorded.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
  });

  it('is a no-op the second time', async () => {
    expect(await runMigrations(url)).toEqual([]);
  });

  it('applies each migration once when two processes start at the same time on an empty database', async () => {
    const raced = `${name}_race`;
    await adminQuery(serverUrl, `CREATE DATABASE "${raced}"`);
    try {
      const [a, b] = await Promise.all([runMigrations(withDatabase(serverUrl, raced)), runMigrations(withDatabase(serverUrl, raced))]);
      // The advisory lock lets one runner apply everything; the other then finds nothing to do.
      expect([a, b].map((applied) => applied.length).sort()).toEqual([0, migrations.length]);
    } finally {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${raced}" WITH (FORCE)`);
    }
  });

  it('enforces the outbox constraints in the database itself', async () => {
    await query(`INSERT INTO mail_outbox (key, message_id, to_address, subject, text_body) VALUES ('k1', '<m1@x>', 'a@b.se', 's', 't')`);
    await expect(
      query(`INSERT INTO mail_outbox (key, message_id, to_address, subject, text_body) VALUES ('k1', '<m2@x>', 'a@b.se', 's', 't')`),
    ).rejects.toThrow(/mail_outbox_key_uq/);
    await expect(query(`UPDATE mail_outbox SET status = 'lost' WHERE key = 'k1'`)).rejects.toThrow(/mail_outbox_status_ck/);
  });
});
