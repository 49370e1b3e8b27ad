import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { READ_MODEL_TABLES } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { projectRoot, waitUntil } from '@fullfolj/runtime';
import { createScratchDatabase, sameOriginAgent, ScratchDatabase, startWorkerProcess, testConfig, testDate, WorkerProcess } from '@fullfolj/testing';
import type { Agent } from '@fullfolj/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { SEED, sized } from '../lib/plan';
import { actPath, assignmentIds, createCast, PASSWORD, settledActs, startProgrammes, statusActs } from '../lib/programmes';
import { expectPromiseKept, FaultRow, recordRow } from '../lib/results';

// The read model lost and rebuilt while programmes run: programmes are started and acted on
// over HTTP (status notes, moved deadlines, new items), the compiled worker keeps running
// them, then every read-model table is emptied (TRUNCATE, in a database of this scenario's
// own) and `npm run rebuild-read-model` (the compiled script, as an operator runs it) rebuilds
// it from the event table. Every answer the API gave from the read model must come back the
// same: each programme, its status report, history and audit trail, the programme lists,
// and every person's own work. Acts sent after the rebuild must be projected as before.
// "Sent" counts the answers compared, "lost" those that came back different.

const PROGRAMMES = sized('FAULTS_REBUILD_PROGRAMMES', { full: 10, ci: 3 });
const script = path.join(projectRoot(), 'dist', 'scripts', 'rebuild-read-model.js');
const run = promisify(execFile);

describe('read model emptied and rebuilt while programmes run', () => {
  let scratch: ScratchDatabase | undefined;
  let worker: WorkerProcess | undefined;
  let app: INestApplication | undefined;
  let pg: PgClient | undefined;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await worker?.kill();
    await pg?.end();
    await scratch?.drop();
  });

  it('gives the same report, programme and my-work answers after the rebuild, and keeps projecting', async () => {
    const t0 = Date.now();
    const problems: string[] = [];
    scratch = await createScratchDatabase(`fullfolj_fault_rebuild_${Date.now()}`);
    const config = testConfig({ DATABASE_URL: scratch.url });
    worker = await startWorkerProcess(config, { name: 'worker-rebuild' });
    const running = worker;
    app = await createApiApp(config);
    await app.init();
    const api = app;
    pg = new PgClient({ connectionString: scratch.url });
    await pg.connect();
    const db = pg;
    const signIn = async (email: string) => {
      const agent = sameOriginAgent(api);
      await agent.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
      return agent;
    };
    const { cast, owner } = await createCast(api, signIn);
    const agents: Record<string, Agent> = { owner };
    for (const [key, person] of Object.entries(cast.people)) agents[key] = await signIn(person.email);

    // Programmes and acts on them: new items, status notes by their responsibles, moved deadlines.
    const ids = await startProgrammes(owner, cast, PROGRAMMES, 'återuppbyggnad');
    const acts: Array<{ ok: boolean }> = [];
    for (const id of ids) {
      const item = await owner
        .post(`/programmes/${id}/assignments`)
        .send({ phaseKey: 'genomforande', title: 'Kartlägg frånvaro', responsibleId: cast.people.official.id, dueDate: testDate('03-15') });
      acts.push({ ok: item.status === 201 });
      if (item.status === 201) {
        const moved = await owner.post(`/programmes/${id}/assignments/${item.body.id}/deadline`).send({ dueDate: addDays(testDate('03-15'), 14), reason: 'Sportlovet' });
        acts.push({ ok: moved.status === 200 });
      }
    }
    const programmes = await Promise.all(ids.map(async (id) => ({ id, assignments: await assignmentIds(owner, id) })));
    const notes = statusActs(programmes, 2, 'Före återuppbyggnaden');
    const noted = await Promise.all(notes.map(async (act) => (await owner.post(actPath(act)).send(act.body)).status === 200));
    if (acts.some((a) => !a.ok) || noted.some((ok) => !ok)) problems.push('an act before the rebuild was refused');

    /** Every answer served from the read model, by name. `live` (the workflow's own state, from Temporal) is left out. */
    const answers = async (): Promise<Map<string, string>> => {
      const out = new Map<string, string>();
      const put = async (name: string, agent: Agent, url: string, strip?: string) => {
        const res = await agent.get(url);
        const body = strip && res.body && typeof res.body === 'object' ? { ...res.body, [strip]: undefined } : res.body;
        out.set(name, JSON.stringify({ status: res.status, body: body ?? res.text }));
      };
      for (const id of ids) {
        await put(`programme ${id}`, owner, `/programmes/${id}`, 'live');
        await put(`status report ${id}`, agents.chair, `/programmes/${id}/reports/status`);
        await put(`history ${id}`, owner, `/programmes/${id}/history`);
        await put(`audit ${id}`, owner, `/programmes/${id}/audit`);
      }
      for (const key of ['owner', 'chair']) await put(`programme list of ${key}`, agents[key], '/programmes');
      for (const key of Object.keys(agents)) await put(`my work of ${key}`, agents[key], '/my-work');
      return out;
    };
    const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM programme_event')).rows[0].n);

    // Compared over an unchanged event log: the workflows may still be recording the acts above.
    let before = new Map<string, string>();
    let after = new Map<string, string>();
    let emptied = false;
    let output = '';
    await waitUntil(
      async () => {
        const events = await eventCount();
        before = await answers();
        await db.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
        emptied = (await owner.get(`/programmes/${ids[0]}`)).status === 404;
        output = (await run(process.execPath, [script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: scratch!.url } })).stdout;
        after = await answers();
        return (await eventCount()) === events;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'a rebuild over an unchanged event log', failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined) },
    ).catch((error: Error) => problems.push(error.message));
    if (!emptied) problems.push('the API still knew a programme after the read model was emptied');
    const different = [...before.keys()].filter((name) => after.get(name) !== before.get(name));
    if (!/rebuilt (\d+) of \1 programmes/.test(output)) problems.push(`the script did not report every programme rebuilt: ${output.trim().split('\n').pop()}`);

    // After the rebuild: new acts are projected onto the rebuilt model (each in the audit trail once).
    const later = statusActs(programmes.map((p) => ({ ...p, assignments: p.assignments.slice(2) })), 1, 'Efter återuppbyggnaden');
    const acknowledged = await Promise.all(later.map(async (act) => (await owner.post(actPath(act)).send(act.body)).status === 200));
    const all = [...notes, ...later];
    const allAcknowledged = [...noted, ...acknowledged];
    const column = await settledActs(owner, all, allAcknowledged);

    const row: FaultRow = {
      scenario: 'Read model emptied and rebuilt',
      sent: before.size,
      delivered: before.size - different.length,
      duplicates: 0,
      windowDuplicates: 0,
      otherDuplicates: 0,
      lost: different.length,
      newIdDuplicates: 0,
      acts: column,
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; ${PROGRAMMES} programmes running, ${READ_MODEL_TABLES.length} read-model tables emptied and rebuilt by the script ` +
        `(${output.trim().split('\n').pop() ?? 'no output'}); ${before.size} answers compared${different.length > 0 ? `, different: ${different.slice(0, 5).join(', ')}` : ', all the same'}; ` +
        `${acknowledged.filter(Boolean).length} acts after the rebuild projected`,
      problems,
    };
    recordRow(row);
    expectPromiseKept(row);
  }, 600_000);
});
