import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface TestPerson {
  id: string;
  name: string;
  email: string;
  language?: 'sv' | 'en';
  reminderDigest?: boolean;
}

/** Makes people whose e-mail addresses are unique to this test file's run (the database is shared). */
export function testPeople(): (name: string, extra?: Pick<TestPerson, 'language' | 'reminderDigest'>) => TestPerson {
  const run = randomUUID().slice(0, 8);
  return (name, extra = {}) => ({ id: randomUUID(), name, email: `${name.toLowerCase()}.${run}@kommun.example`, ...extra });
}

/** Stores people directly, for workflow tests that run without the API. */
export async function insertPeople(dataSource: DataSource, people: readonly TestPerson[]): Promise<void> {
  for (const p of people) {
    await dataSource.query(`INSERT INTO person (id, name, email, language, reminder_digest) VALUES ($1, $2, $3, $4, $5)`, [
      p.id,
      p.name,
      p.email,
      p.language ?? 'sv',
      p.reminderDigest ?? false,
    ]);
  }
}

/** A placeholder template row, for workflow tests that start programmes from hand-made definitions. */
export async function insertTestTemplate(dataSource: DataSource, id: string): Promise<void> {
  await dataSource.query(`INSERT INTO programme_template (id, version, definition, source) VALUES ($1, 1, '{}', 'custom') ON CONFLICT DO NOTHING`, [id]);
}
