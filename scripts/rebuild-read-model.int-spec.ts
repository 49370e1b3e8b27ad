import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { READ_MODEL_TABLES, rebuildReadModel, type RebuildProgress } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { ApiStack, createScratchDatabase, eventually, ScratchDatabase, startApiStack, testServices } from '@fullfolj/testing';
import { adminQuery, withDatabase } from '../test/support/global-setup';

const run = promisify(execFile);
const script = path.resolve(__dirname, '..', 'dist', 'scripts', 'rebuild-read-model.js');

// The read model rebuilt from the events alone, on the int tier's real PostgreSQL, Temporal and
// SMTP: two programmes run over HTTP (status notes, a handover, a moved deadline, gate decisions,
// an erased person, a linked follow-up plan), then every read-model table is truncated and the
// rebuild must give every API answer back as it was. A database of its own, since TRUNCATE
// would empty the programmes of every other test file.
describe('rebuilding the read model from the events', () => {
  const today = new Date().toISOString().slice(0, 10);
  const past = randomUUID();
  const current = randomUUID();
  let scratch: ScratchDatabase;
  let stack: ApiStack;

  beforeAll(async () => {
    scratch = await createScratchDatabase(`fullfolj_rebuild_${Date.now()}`);
    stack = await startApiStack({ DATABASE_URL: scratch.url });
    for (const [key, name] of [
      ['chair', 'Erik Johansson'],
      ['member', 'Fatima Hassan'],
      ['official', 'Maria Tjänsteperson'],
      ['headTeacher', 'Lars Berg'],
    ]) {
      await stack.addPerson(key, name);
    }
    const { agents, people } = stack;
    // Dated in the past: its first gate opens at once.
    await agents.owner
      .post('/programmes')
      .send({
        id: past,
        templateId: 'skr-fullfoljd-utbildning',
        name: 'Fullföljd utbildning (återuppbyggd)',
        programmeStart: addDays(today, -200),
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { officials: people.official.id, head_teachers: people.official.id },
      })
      .expect(201);
    await agents.owner
      .post('/programmes')
      .send({ id: current, templateId: 'skr-fullfoljd-utbildning', name: 'Pågående (återuppbyggd)', programmeStart: today, steeringGroup: { chairId: people.chair.id, memberIds: [] } })
      .expect(201);
    const base = `/programmes/${past}`;
    const item = (
      await agents.owner
        .post(`${base}/assignments`)
        .send({ phaseKey: 'genomforande', title: 'Kartlägg frånvaro', responsibleId: people.official.id, dueDate: addDays(today, 30) })
        .expect(201)
    ).body.id as string;
    await agents.official.post(`${base}/assignments/${item}/status`).send({ status: 'in_progress', comment: 'Underlag insamlat' }).expect(200);
    await agents.owner.post(`${base}/assignments/${item}/deadline`).send({ dueDate: addDays(today, 44), reason: 'Sportlovet' }).expect(200);
    await agents.owner.post(`${base}/assignments/${item}/responsible`).send({ responsibleId: people.headTeacher.id }).expect(200);
    await agents.headTeacher.post(`${base}/assignments/${item}/status`).send({ status: 'paused', comment: 'Rektorns anteckning' }).expect(200);
    const other = (
      await agents.owner
        .post(`/programmes/${current}/assignments`)
        .send({ phaseKey: 'forberedelse', title: 'Samla in elevenkäten', responsibleId: people.official.id, dueDate: addDays(today, 10) })
        .expect(201)
    ).body.id as string;
    await agents.official.post(`/programmes/${current}/assignments/${other}/complete`).send({ comment: 'Klar' }).expect(200);
    const gate = async () => (await agents.owner.get(`${base}/gates/forberedelse`).expect(200)).body;
    await eventually(async () => expect((await gate()).status).toBe('open'));
    await agents.member.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve', comment: 'Fatimas motivering' }).expect(200);
    await agents.owner.post('/follow-up/plans').send({ name: 'Verksamhetsplan', municipality: 'Exempelkommun', year: 2026, boards: [{ code: 'BiN', name: 'Bildningsnämnden' }], programmeId: past }).expect(201);
    // The head teacher is erased: his status note must stay erased over a rebuild.
    await agents.owner.post(`/admin/people/${people.headTeacher.id}/erasure`).send({ reason: 'Begäran om radering' }).expect(200);
    await eventually(async () => {
      const view = (await agents.owner.get(base).expect(200)).body;
      expect(view.assignments.find((a: { id: string }) => a.id === item)).toMatchObject({ status: 'paused', comment: '[raderad]' });
      expect((await gate()).rounds[0].decisions).toHaveLength(1);
      const done = (await agents.owner.get(`/programmes/${current}`).expect(200)).body.assignments.find((a: { id: string }) => a.id === other);
      expect(done.status).toBe('done');
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  /** What the API answers from the read model: each programme, its report, gates and history, and everyone's own work. */
  async function answers() {
    const { agents } = stack;
    const get = async (agent: keyof typeof agents, url: string) => {
      const res = await agents[agent].get(url);
      return { status: res.status, body: res.body as unknown };
    };
    const programme = async (id: string) => {
      // `live` is the workflow's own state from Temporal, not the read model: a rebuild never touches it.
      const { status, body } = await get('owner', `/programmes/${id}`);
      const { live: _live, ...model } = body as Record<string, unknown>;
      return {
        status,
        model,
        report: await get('chair', `/programmes/${id}/reports/status`),
        gates: [await get('owner', `/programmes/${id}/gates/forberedelse`), await get('owner', `/programmes/${id}/gates/avslutning`)],
        history: await get('owner', `/programmes/${id}/history`),
      };
    };
    return {
      past: await programme(past),
      current: await programme(current),
      lists: { owner: await get('owner', '/programmes'), chair: await get('chair', '/programmes') },
      work: Object.fromEntries(await Promise.all(['owner', 'chair', 'member', 'official'].map(async (key) => [key, await get(key, '/my-work')]))),
    };
  }
  const eventCount = async () => Number((await stack.db.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM programme_event`))[0].n);

  it('gives the same answers after every read-model table was truncated and rebuilt', async () => {
    // The workflows may still be recording (a reminder, say): compare only over an unchanged event log.
    const { before, after, progress, summary, events } = await eventually(async () => {
      const events = await eventCount();
      const before = await answers();
      await stack.db.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
      // Truly empty: the API knows no programme and nobody has work.
      expect((await stack.agents.owner.get(`/programmes/${past}`)).status).toBe(404);
      expect((await stack.agents.official.get('/my-work').expect(200)).body.items).toEqual([]);
      const progress: RebuildProgress[] = [];
      const summary = await rebuildReadModel(scratch.url, { batchSize: 1, onProgress: (p) => progress.push(p) });
      const after = await answers();
      expect(await eventCount()).toBe(events);
      return { before, after, progress, summary, events };
    }, 60_000);

    expect(before.past.status).toBe(200);
    expect(before.past.report.status).toBe(200);
    expect((before.work.official.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(after).toEqual(before);
    expect(summary).toMatchObject({ programmes: 2, rebuilt: 2, events, failures: [] });
    // One programme per batch here: progress after each.
    expect(progress).toEqual([
      { done: 1, total: 2, failed: 0 },
      { done: 2, total: 2, failed: 0 },
    ]);
    // The linked plan and the retention/erasure marks (source of truth) survived the truncation.
    const [{ n }] = await stack.db.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM follow_up_plan WHERE programme_id = $1`, [past]);
    expect(Number(n)).toBe(1);
  }, 120_000);

  it('the script rebuilds, prints its progress and a summary, and exits 0', async () => {
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, DATABASE_URL: scratch.url, NODE_ENV: 'test' } });
    expect(stdout).toContain('2/2 programmes');
    expect(stdout).toMatch(/rebuilt 2 of 2 programmes \(\d+ events\) in [\d.]+ s\n/);
  });

  it('refuses a database with pending migrations and exits 1', async () => {
    const name = `fullfolj_rebuild_empty_${Date.now()}`;
    const { serverUrl } = testServices();
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    try {
      const url = withDatabase(serverUrl, name);
      await expect(rebuildReadModel(url)).rejects.toThrow(/pending: .*run `npm run migrate` first/);
      const failed = await run(process.execPath, [script], { env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' } }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/the schema is not up to date/);
    } finally {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
