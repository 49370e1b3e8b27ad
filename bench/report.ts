// Benchmark 4: the follow-up report of a plan with many activities and their history, as
// JSON and as XLSX through the API, with the API process's peak memory; limit: the bare SQL
// query that reads the same event rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { projectRoot } from '@fullfolj/runtime';
import { BenchPerson, BenchResult, http, round, sleep } from './common';
import { Roles, withCpu } from './cpu';
import { ApiProcess, memoryOf } from './services';

const AS_OF = '2022-12-31';
const PLAN = {
  name: 'Verksamhetsplan 2022',
  municipality: 'Exempelkommun',
  year: 2022,
  boards: [
    { code: 'BiN', name: 'Bildningsnämnden' },
    { code: 'BoU', name: 'Barn- och ungdomsnämnden' },
  ],
};

/** A plan made through the API from the 121-row fixture table, then multiplied in SQL to `target` activities with a history. */
async function seedPlan(api: ApiProcess, db: Pool, owner: BenchPerson, target: number): Promise<{ planId: string; events: number }> {
  const created = await http(api.baseUrl, owner.token, 'POST', '/follow-up/plans', PLAN);
  if (created.status !== 201) throw new Error(`creating the plan: ${created.status} ${JSON.stringify(created.body)}`);
  const planId = (created.body as { id: string }).id;
  const csv = readFileSync(path.join(projectRoot(), 'apps/api/src/follow-up/fixtures/follow-up-2022-08-31.csv'));
  const form = new FormData();
  form.set('asOf', '2022-08-31');
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'follow-up-2022-08-31.csv');
  const imported = await fetch(`${api.baseUrl}/follow-up/plans/${planId}/imports`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
  if (imported.status !== 200) throw new Error(`importing the fixture: ${imported.status} ${await imported.text()}`);

  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Copies of the imported activities (text and position made unique), created on the import's date.
    await client.query(
      `CREATE TEMP TABLE bench_copy ON COMMIT DROP AS
       WITH src AS (
         SELECT row_number() OVER (ORDER BY e.id) - 1 AS r, count(*) OVER () AS n, a.natural_key, e.data, e.actor_id, e.import_id
           FROM follow_up_event e JOIN follow_up_activity a ON a.id = e.activity_id
          WHERE e.plan_id = $1 AND e.type = 'created')
       SELECT k, gen_random_uuid() AS id, s.natural_key || ' #' || (k / s.n) AS natural_key, s.actor_id, s.import_id,
              jsonb_set(jsonb_set(s.data, '{activity}', to_jsonb((s.data ->> 'activity') || ' (' || (k / s.n) || ')')),
                        '{position}', to_jsonb((s.data ->> 'position')::int + (k / s.n) * s.n)) AS data
         FROM src s JOIN generate_series(0, $2::int - 1) AS k ON s.r = k % s.n
        WHERE k >= s.n`,
      [planId, target],
    );
    await client.query(`INSERT INTO follow_up_activity (id, plan_id, natural_key) SELECT id, $1, natural_key FROM bench_copy ORDER BY k`, [planId]);
    await client.query(
      `INSERT INTO follow_up_event (plan_id, activity_id, type, data, effective_on, actor_id, import_id)
       SELECT $1, id, 'created', data, '2022-08-31', actor_id, import_id FROM bench_copy ORDER BY k`,
      [planId],
    );
    // History: every activity's status changes in October, every other one's comment in December.
    await client.query(
      `INSERT INTO follow_up_event (plan_id, activity_id, type, data, effective_on, actor_id)
       SELECT $1, e.activity_id, 'status_changed', jsonb_build_object('from', e.data -> 'status', 'to', CASE WHEN e.id % 3 = 0 THEN 'done' ELSE 'in_progress' END),
              '2022-10-31', e.actor_id
         FROM follow_up_event e WHERE e.plan_id = $1 AND e.type = 'created' ORDER BY e.id`,
      [planId],
    );
    await client.query(
      `INSERT INTO follow_up_event (plan_id, activity_id, type, data, effective_on, actor_id)
       SELECT $1, e.activity_id, 'comment_changed', jsonb_build_object('from', e.data -> 'comment', 'to', 'Uppföljning december: arbetet fortsätter enligt plan.'),
              '2022-12-15', e.actor_id
         FROM follow_up_event e WHERE e.plan_id = $1 AND e.type = 'created' AND e.id % 2 = 0 ORDER BY e.id`,
      [planId],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await db.query('ANALYZE follow_up_event; ANALYZE follow_up_activity');
  const events: number = (await db.query(`SELECT count(*)::int AS n FROM follow_up_event WHERE plan_id = $1`, [planId])).rows[0].n;
  return { planId, events };
}

/** Fetches a URL to the last byte, sampling the API process's resident memory meanwhile. */
async function timedDownload(api: ApiProcess, token: string, url: string): Promise<{ seconds: number; bytes: number; status: number; peakRss: number; baseRss: number }> {
  const baseRss = memoryOf(api.pid).rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memoryOf(api.pid).rss);
    } catch {
      // process gone
    }
  }, 10);
  const t0 = performance.now();
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    const seconds = (performance.now() - t0) / 1000;
    peakRss = Math.max(peakRss, memoryOf(api.pid).rss);
    return { seconds, bytes, status: res.status, peakRss, baseRss };
  } finally {
    clearInterval(sampler);
  }
}

export async function benchReport(api: ApiProcess, db: Pool, owner: BenchPerson, activities: number, roles: Roles, log: (line: string) => void): Promise<BenchResult[]> {
  const t = performance.now();
  const { planId, events } = await seedPlan(api, db, owner, activities);
  log(`report: plan with ${activities} activities and ${events} events seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Limit: the bare query over the same rows (the report reads them in batches with this ordering).
  const sqlRun = async () => {
    const t0 = performance.now();
    const { rows } = await db.query(
      `SELECT id, activity_id AS "activityId", type, data, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn"
         FROM follow_up_event WHERE plan_id = $1 AND effective_on <= $2::date ORDER BY effective_on, id`,
      [planId, AS_OF],
    );
    return { seconds: (performance.now() - t0) / 1000, rows: rows.length };
  };
  await sqlRun(); // warm the cache as the product runs will find it
  const { value: sql, cpu: sqlCpu } = await withCpu(roles, sqlRun);
  log(`report limit: ${sql.rows} rows in ${sql.seconds.toFixed(2)} s`);

  const url = (format: string) => `${api.baseUrl}/follow-up/plans/${planId}/report?asOf=${AS_OF}&format=${format}`;
  const results: BenchResult[] = [];
  for (const format of ['json', 'xlsx'] as const) {
    await sleep(1000); // let the API settle before its baseline
    const { value: r, cpu } = await withCpu(roles, () => timedDownload(api, owner.token, url(format)));
    if (r.status !== 200) throw new Error(`report as ${format}: HTTP ${r.status}`);
    log(`report ${format}: ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${r.seconds.toFixed(2)} s, API peak RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MiB`);
    results.push({
      name: `follow-up report ${format.toUpperCase()}`,
      product: {
        what: `GET /follow-up/plans/:id/report?format=${format}, ${activities} activities and ${events} events, to the last byte`,
        figure: round(r.seconds, 2),
        unit: 's',
        details: { MiB: round(r.bytes / 2 ** 20, 1), 'API RSS before MiB': round(r.baseRss / 2 ** 20, 0), 'API peak RSS MiB': round(r.peakRss / 2 ** 20, 0), 'peak − before MiB': round((r.peakRss - r.baseRss) / 2 ** 20, 0), ...cpu },
      },
      limit: {
        what: `the bare SQL query reading the same ${sql.rows} event rows (pg, one query, in the bench process)`,
        figure: round(sql.seconds, 2),
        unit: 's',
        details: { rows: sql.rows, ...sqlCpu },
      },
      ratio: round(r.seconds / sql.seconds, 2),
      ratioMeaning: 'product time ÷ limit time (1 = as fast as reading the rows)',
      notes: ['the plan is created and the 121-row fixture imported through the API, then multiplied with SQL (activities, created/status/comment events)', 'peak memory: VmRSS of the API process sampled every 10 ms during the request'],
    });
  }
  return results;
}
