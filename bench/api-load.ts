// Benchmark 3: the API under load (autocannon). "My work" and "record status" with the
// assignment table filled to the target size; limit: GET /auth/me, a trivial authenticated
// route of the same app (same auth guard, same process, same connections).
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { BenchPerson, BenchResult, round } from './common';
import { Roles, withCpu } from './cpu';
import type { ApiProcess } from './services';

interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  cpu: Record<string, number | string>;
}

async function load(options: { url: string; connections: number; duration: number; requests: autocannon.Request[]; roles: Roles }): Promise<LoadFigures> {
  const { value: result, cpu } = await withCpu(options.roles, () =>
    autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.duration,
      requests: options.requests,
    }),
  );
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpu,
  };
}

/** Fills the assignment table up to `target` rows (synthetic programmes, spread over the same people and the next year). */
export async function seedAssignments(db: Pool, target: number, people: BenchPerson[], owner: BenchPerson): Promise<{ existing: number; seeded: number }> {
  const existing: number = (await db.query(`SELECT count(*)::int AS n FROM assignment`)).rows[0].n;
  const missing = Math.max(0, target - existing);
  if (missing === 0) return { existing, seeded: 0 };
  const perProgramme = 100;
  await db.query(`INSERT INTO programme_template (id, version, definition, source) VALUES ('bench-seed', 1, '{}', 'custom') ON CONFLICT DO NOTHING`);
  const programmes: string[] = (
    await db.query(
      `INSERT INTO programme (id, name, template_id, template_version, owner_id, status, current_phase_key, start_date, end_date, event_seq)
       SELECT gen_random_uuid(), 'Seeded programme ' || i, 'bench-seed', 1, $1, 'running', 'genomforande', current_date, current_date + 365, 0
         FROM generate_series(1, $2::int) AS i RETURNING id`,
      [owner.id, Math.ceil(missing / perProgramme)],
    )
  ).rows.map((r: { id: string }) => r.id);
  // A seventh are completed; due dates spread over a year; statuses vary.
  await db.query(
    `INSERT INTO assignment (id, programme_id, phase_key, kind, title, responsible_id, due_date, original_due_date, status, comment, completed_at)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + i / $3], 'genomforande', 'assignment', 'Seeded åtgärd ' || i, ($2::uuid[])[1 + (i * 13) % $4],
            current_date + (i % 365), current_date + (i % 365),
            (ARRAY['in_progress','remaining','paused','postponed'])[1 + i % 4], CASE WHEN i % 3 = 0 THEN 'Kommentar ' || i END,
            CASE WHEN i % 7 = 0 THEN now() END
       FROM generate_series(0, $5::int - 1) AS i`,
    [programmes, people.map((p) => p.id), perProgramme, people.length, missing],
  );
  await db.query(`ANALYZE assignment; ANALYZE programme`);
  return { existing, seeded: missing };
}

export async function benchApi(
  api: ApiProcess,
  db: Pool,
  input: { programmeIds: string[]; owner: BenchPerson; people: BenchPerson[]; assignments: number; connections: number; duration: number; roles: Roles },
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const seed = await seedAssignments(db, input.assignments, input.people, input.owner);
  const total: number = (await db.query(`SELECT count(*)::int AS n FROM assignment`)).rows[0].n;
  log(`api: ${total} assignments (${seed.seeded} seeded with SQL)`);

  // Real assignments in real running programmes, for record-status.
  const targets: Array<{ programmeId: string; id: string }> = (
    await db.query(`SELECT programme_id AS "programmeId", id FROM assignment WHERE programme_id = ANY($1::uuid[]) AND kind = 'assignment' AND completed_at IS NULL ORDER BY programme_id, id`, [input.programmeIds])
  ).rows;
  if (targets.length === 0) throw new Error('no assignments in running programmes to record status on');
  // Interleave programmes so concurrent requests rarely hit the same workflow.
  const byProgramme = new Map<string, Array<{ programmeId: string; id: string }>>();
  for (const t of targets) byProgramme.set(t.programmeId, [...(byProgramme.get(t.programmeId) ?? []), t]);
  const order: typeof targets = [];
  for (let round_ = 0; order.length < targets.length; round_++) for (const list of byProgramme.values()) if (list[round_]) order.push(list[round_]);

  const readers = input.people.slice(0, 20);
  const rotating = (path: string) => {
    let i = 0;
    return [{ method: 'GET' as const, path, setupRequest: (req: autocannon.Request) => ({ ...req, headers: { authorization: `Bearer ${readers[i++ % readers.length].token}` } }) }];
  };
  const openItems: number[] = (
    await db.query(`SELECT count(a.id)::int AS n FROM unnest($1::uuid[]) AS r(id) LEFT JOIN assignment a ON a.responsible_id = r.id AND a.completed_at IS NULL GROUP BY r.id`, [readers.map((r) => r.id)])
  ).rows.map((r: { n: number }) => r.n);
  const items = `${Math.min(...openItems)}–${Math.max(...openItems)}`;
  const statuses = ['in_progress', 'remaining', 'paused'];
  let k = 0;
  const recordStatus: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (req) => {
        const t = order[k % order.length];
        const status = statuses[Math.floor(k / order.length) % statuses.length];
        k++;
        return {
          ...req,
          path: `/programmes/${t.programmeId}/assignments/${t.id}/status`,
          headers: { authorization: `Bearer ${input.owner.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status, comment: `Benchmark ${k}` }),
        };
      },
    },
  ];
  const c = { url: api.baseUrl, connections: input.connections, duration: input.duration, roles: input.roles };
  // Warm-up, then the limit is measured between the two product runs' neighbours on the same process.
  await load({ ...c, duration: 2, requests: rotating('/auth/me') });
  const limit = await load({ ...c, requests: rotating('/auth/me') });
  log(`api limit GET /auth/me: ${limit.rps.toFixed(0)} req/s`);
  const myWork = await load({ ...c, requests: rotating('/my-work') });
  log(`api GET /my-work: ${myWork.rps.toFixed(0)} req/s`);
  const record = await load({ ...c, requests: recordStatus });
  log(`api POST …/status: ${record.rps.toFixed(0)} req/s`);

  const limitBlock = (extra: string) => ({
    what: `GET /auth/me (same auth, same process), ${c.connections} connections, ${c.duration} s${extra}`,
    figure: round(limit.rps, 1),
    unit: 'req/s',
    details: { 'p50 ms': limit.p50, 'p99 ms': limit.p99, errors: limit.errors, requests: limit.requests, ...limit.cpu },
  });
  const notes = [`${total} assignments in the database, ${seed.seeded} of them seeded directly with SQL (synthetic programmes); record-status hits ${targets.length} assignments in ${byProgramme.size} real running programmes`];
  return [
    {
      name: 'API: my work',
      product: {
        what: `GET /my-work for 20 people in turn (about ${items} open items each), ${c.connections} connections, ${c.duration} s`,
        figure: round(myWork.rps, 1),
        unit: 'req/s',
        details: { 'p50 ms': myWork.p50, 'p99 ms': myWork.p99, errors: myWork.errors, requests: myWork.requests, ...myWork.cpu },
      },
      limit: limitBlock(''),
      ratio: round(myWork.rps / limit.rps, 3),
      ratioMeaning: 'product req/s ÷ limit req/s (1 = as fast as a trivial route)',
      notes,
    },
    {
      name: 'API: record status',
      product: {
        what: `POST /programmes/:id/assignments/:aid/status (Temporal update → activity → read model), ${c.connections} connections, ${c.duration} s`,
        figure: round(record.rps, 1),
        unit: 'req/s',
        details: { 'p50 ms': record.p50, 'p99 ms': record.p99, errors: record.errors, requests: record.requests, ...record.cpu },
      },
      limit: limitBlock(''),
      ratio: round(record.rps / limit.rps, 3),
      ratioMeaning: 'product req/s ÷ limit req/s (1 = as fast as a trivial route)',
      notes,
    },
  ];
}
