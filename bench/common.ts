import { createHash, randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** One benchmark's outcome: the product figure, the limit it stands on, and their ratio. */
export interface BenchResult {
  name: string;
  /** What the product path did and what the limit did, in a sentence each. */
  product: { what: string; figure: number; unit: string; details?: Record<string, number | string> };
  limit: { what: string; figure: number; unit: string; details?: Record<string, number | string> };
  /** product ÷ limit, oriented so that 1.0 means "as good as the limit" (see `ratioMeaning`). */
  ratio: number;
  ratioMeaning: string;
  notes?: string[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const sortNumbers = (values: number[]) => [...values].sort((a, b) => a - b);

export const round = (value: number, digits = 2) => Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over items with at most `concurrency` at a time. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

export interface BenchPerson {
  id: string;
  email: string;
  token: string;
}

/**
 * People seeded straight into the database (the API has no bulk import of people), each
 * with an API token the API accepts as `Authorization: Bearer`.
 */
export async function seedPeople(db: Pool, count: number, options: { prefix: string; canOwnProgrammes?: boolean; withTokens?: boolean }): Promise<BenchPerson[]> {
  const run = randomBytes(3).toString('hex');
  const rows: Array<{ id: string; email: string }> = (
    await db.query(
      `INSERT INTO person (name, email, organisation_unit, can_own_programmes)
       SELECT 'Bench ' || $1 || ' ' || i, $1 || '.' || i || '.' || $2 || '@kommun.example', 'Utbildningsförvaltningen', $3
         FROM generate_series(1, $4::int) AS i
       RETURNING id, email`,
      [options.prefix, run, options.canOwnProgrammes ?? false, count],
    )
  ).rows;
  const people = rows.map((r) => ({ id: r.id, email: r.email, token: options.withTokens ? `ffj_${randomBytes(32).toString('base64url')}` : '' }));
  if (options.withTokens) {
    await db.query(
      `INSERT INTO api_token (person_id, name, token_hash) SELECT person_id, 'bench', hash FROM unnest($1::uuid[], $2::text[]) AS t(person_id, hash)`,
      [people.map((p) => p.id), people.map((p) => createHash('sha256').update(p.token).digest('hex'))],
    );
  }
  return people;
}

export async function http(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

/** Today's date in Europe/Stockholm, YYYY-MM-DD. */
export function stockholmToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Local time in Europe/Stockholm, HH:mm. */
export function stockholmTime(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}
