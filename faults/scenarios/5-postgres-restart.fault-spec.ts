import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { runMigrations } from '@fullfolj/database';
import { EmbeddedPostgres, freePort, startEmbeddedPostgres, waitUntil } from '@fullfolj/runtime';
import { testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { PeopleService } from '../../apps/api/src/people/people.service';
import { sized } from '../lib/plan';
import { expectPromiseKept, FaultRow, recordRow } from '../lib/results';

// PostgreSQL is stopped and started again (same data folder, same port) while the API takes
// a steady load of writes (POST /people from several clients at once). Every write the API
// acknowledged (201 with an id) must be in the database afterwards, exactly once; while the
// database is down the API must answer 503 with a message saying so (never a 500 or a hang),
// /health must answer 503 naming the database, and once it is back the same API process
// must take writes again without a restart. (Adding a person writes no audit entry: the
// person table is the record, so "in the audit trail once" is "stored once" here.)
// Phases are moved on by what the writers have seen, not by the clock: so many writes in
// before the stop, a 503 seen while down, so many in a row after.

const WRITERS = 6;
const DOWN_SECONDS = sized('FAULTS_PG_DOWN_SECONDS', { full: 15, ci: 8 });
const WRITES_BEFORE = sized('FAULTS_PG_WRITES_BEFORE', { full: 60, ci: 30 });

interface Attempt {
  email: string;
  status: number;
  id?: string;
  message?: string;
  ms: number;
  phase: 'before' | 'down' | 'after';
}

describe('PostgreSQL restarted under API write load', () => {
  const services = testServices();
  let pg: EmbeddedPostgres | undefined;
  let app: INestApplication | undefined;

  // So a failed run stops its writers too (they would keep jest from exiting).
  let stopWriters = () => undefined as void;
  let writersDone: Promise<unknown> = Promise.resolve();

  afterAll(async () => {
    stopWriters();
    await writersDone;
    await app?.close().catch(() => undefined);
    await pg?.stop();
  });

  it('no acknowledged write lost, clear 503s while down, recovery without a restart', async () => {
    const t0 = Date.now();
    const problems: string[] = [];
    const dataDir = path.join(services.scratchDir, `pg-restart-${randomUUID().slice(0, 8)}`);
    const port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port });
    await runMigrations(pg.url);
    const config = testConfig({ DATABASE_URL: pg.url });
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;

    // An owner who may add people, signed in; every request says it comes from the app's own
    // origin, as the browser's would (cookie-signed-in writes from elsewhere are refused).
    const run = randomUUID().slice(0, 8);
    const password = 'ett-bra-lösenord';
    const owner = await app.get(PeopleService).create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, password });
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: owner.email, password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    if (login.status !== 200 || !cookie) throw new Error(`could not sign in: ${login.status}`);

    let phase: Attempt['phase'] = 'before';
    const attempts: Attempt[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const email = `p${n++}.${run}@kommun.example`;
        const started = Date.now();
        const at = phase;
        try {
          const res = await fetch(`${base}/people`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: base, cookie },
            body: JSON.stringify({ name: `Person ${n}`, email, organisationUnit: 'Björkskolan' }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
          attempts.push({ email, status: res.status, id: body.id, message: body.message, ms: Date.now() - started, phase: at });
          if (res.status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
        } catch (error) {
          attempts.push({ email, status: 0, message: (error as Error).message, ms: Date.now() - started, phase: at });
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    stopWriters = () => void (stop = true);
    writersDone = Promise.all(writers);

    const statuses = (which: Attempt['phase']) => {
      const counts = new Map<string, number>();
      for (const a of attempts.filter((x) => x.phase === which)) counts.set(String(a.status), (counts.get(String(a.status)) ?? 0) + 1);
      return [...counts].map(([s, c]) => `${s}×${c}`).join(' ');
    };
    const acked = (which: Attempt['phase']) => attempts.filter((a) => a.phase === which && a.status === 201).length;
    await waitUntil(() => Promise.resolve(acked('before') >= WRITES_BEFORE), {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `${WRITES_BEFORE} writes acknowledged before the stop`,
      failIf: () => (attempts.length >= 20 && acked('before') === 0 ? `none of the first ${attempts.length} was: ${statuses('before')}` : undefined),
    });
    await pg.stop();
    phase = 'down';
    const downAt = Date.now();
    await waitUntil(() => Promise.resolve(attempts.some((a) => a.phase === 'down' && a.status === 503)), { timeoutMs: 60_000, intervalMs: 50, what: 'a write answered 503 while the database was down' }).catch((error: Error) =>
      problems.push(error.message),
    );
    const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(15_000) });
    const healthBody = JSON.stringify(await health.json().catch(() => ({})));
    if (health.status !== 503 || !/database/.test(healthBody)) problems.push(`/health while the database was down: ${health.status} ${healthBody.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, DOWN_SECONDS * 1000 - (Date.now() - downAt))));
    pg = await startEmbeddedPostgres({ dataDir, port });
    phase = 'after';
    const upAt = Date.now();
    // Recovery: the same API process takes writes again.
    let recoveredAt: number | undefined;
    await waitUntil(
      () => {
        const recent = attempts.filter((a) => a.phase === 'after').slice(-WRITERS * 3);
        return Promise.resolve(recent.length >= WRITERS * 3 && recent.every((a) => a.status === 201));
      },
      { timeoutMs: 120_000, intervalMs: 50, what: 'the API taking writes again after the database came back' },
    ).then(
      () => (recoveredAt = Date.now()),
      () => problems.push('the API did not take writes again within 120 s of the database coming back'),
    );
    const ackedAtRecovery = acked('after');
    await waitUntil(() => Promise.resolve(acked('after') >= ackedAtRecovery + WRITERS * 3), { timeoutMs: 60_000, intervalMs: 50, what: 'more writes after the recovery' }).catch(
      (error: Error) => problems.push(error.message),
    );
    stop = true;
    await Promise.all(writers);

    // What the database holds, against what the API acknowledged.
    const acknowledged = attempts.filter((a) => a.status === 201);
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    const { rows } = await db.query<{ id: string; email: string }>(`SELECT id, email FROM person WHERE email LIKE $1`, [`%.${run}@kommun.example`]);
    await db.end();
    const byEmail = new Map<string, string[]>();
    for (const r of rows) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r.id]);
    const lost = acknowledged.filter((a) => !(byEmail.get(a.email) ?? []).includes(a.id ?? '')).length;
    const duplicates = [...byEmail.values()].reduce((sum, ids) => sum + Math.max(0, ids.length - 1), 0);
    const storedTwice = [...byEmail.values()].filter((ids) => ids.length > 1).length;
    const once = acknowledged.filter((a) => (byEmail.get(a.email) ?? []).length === 1 && byEmail.get(a.email)![0] === a.id).length;

    const down = attempts.filter((a) => a.phase === 'down');
    const unclear = down.filter((a) => a.status !== 503 && a.status !== 201);
    if (unclear.length > 0) problems.push(`while the database was down, ${unclear.length} writes were answered other than 503: ${[...new Set(unclear.map((a) => `${a.status} ${a.message ?? ''}`))].slice(0, 3).join(' | ')}`);
    const clear503 = down.filter((a) => a.status === 503);
    if (clear503.length === 0) problems.push('no 503 while the database was down');
    const messages = [...new Set(clear503.map((a) => a.message ?? ''))];
    if (messages.some((m) => !/database/i.test(m))) problems.push(`503 without a message naming the database: ${messages.join(' | ')}`);
    const slowest = Math.max(0, ...down.map((a) => a.ms));
    const serverErrors = attempts.filter((a) => a.status >= 500 && a.status !== 503).length;
    if (serverErrors > 0) problems.push(`${serverErrors} answers 5xx other than 503`);

    const row: FaultRow = {
      scenario: 'PostgreSQL restart under write load',
      sent: acknowledged.length,
      delivered: acknowledged.length - lost,
      duplicates,
      windowDuplicates: 0, // a write has no acknowledgement window: any second copy fails
      otherDuplicates: duplicates,
      lost,
      newIdDuplicates: 0,
      acts: { acknowledged: acknowledged.length, once, missing: lost, twice: storedTwice },
      seconds: (Date.now() - t0) / 1000,
      notes:
        `${WRITERS} writers, database down ${((upAt - downAt) / 1000).toFixed(1)} s; answers before: ${statuses('before')}; while down: ${statuses('down')} ` +
        `(slowest ${slowest} ms; "${messages[0] ?? ''}"); after: ${statuses('after')}; /health while down: ${health.status}; ` +
        `writes again ${recoveredAt ? ((recoveredAt - upAt) / 1000).toFixed(1) : '—'} s after it was back, same API process`,
      problems,
    };
    recordRow(row);
    expectPromiseKept(row);
  }, 600_000);
});
