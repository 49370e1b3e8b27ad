import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import request from 'supertest';
import type { Activities } from '@fullfolj/activities';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import {
  ApiStack,
  countAssignments,
  eventually,
  hostPort,
  Mailbox,
  startApiStack,
  TcpProxy,
  TEST_YEAR,
  testConfig,
  testDataConverter,
  testDate,
  testServices,
} from '@fullfolj/testing';
import { ACTIVITIES } from '../../../worker/src/activities.provider';
import { WorkerMetricsServer } from '../../../worker/src/worker-metrics';
import { createApiApp } from '../bootstrap';
import { UNKNOWN_ROUTE_BODY } from '../common/unknown-route.filter';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, samples only (comments and blank lines skipped). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
const one = (samples: Sample[], name: string): number => {
  const found = samples.filter((s) => s.name === name);
  expect(found).toHaveLength(1);
  return found[0].value;
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

// Prometheus metrics of the API and the worker on the real stack: protection by token, the
// outbox read at scrape time, mail counters that agree with what the SMTP sink received,
// reminder lateness, activity failures, and HTTP timings labelled by route template only.
describe('GET /metrics', () => {
  const services = testServices();
  const mailbox = new Mailbox(services.mailDir);
  const token = randomBytes(24).toString('base64url');
  let stack: ApiStack;
  let smtp: TcpProxy;
  let connection: Connection;
  let client: Client;
  const others: INestApplication[] = [];

  const api = () => request(stack.app.getHttpServer());
  const scrapeApi = async () => parse((await api().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200)).text);
  const workerUrl = () => `http://127.0.0.1:${stack.worker.app.get(WorkerMetricsServer).port()}/metrics`;
  const scrapeWorker = async () => {
    const res = await fetch(workerUrl(), { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return parse(await res.text());
  };
  /** Mail the sink got for this file's people and deliveries (every address carries the run id). */
  const received = async () => (await mailbox.all()).filter((m) => [m.to].flat().some((to) => to?.value.some((v) => (v.address ?? '').includes(stack.run)))).length;

  beforeAll(async () => {
    // SMTP through a proxy the test can cut; the worker's metrics on a free port.
    smtp = await TcpProxy.start(hostPort(new URL(services.smtpUrl).host));
    stack = await startApiStack({ METRICS_TOKEN: token, METRICS_PORT: '0', SMTP_URL: `smtp://${smtp.address}` });
    connection = await Connection.connect({ address: services.temporalAddress });
    client = new Client({ connection, dataConverter: testDataConverter(stack.config) });
  });

  afterAll(async () => {
    await Promise.all(others.map((a) => a.close()));
    await stack?.close();
    await connection?.close();
    await smtp?.stop();
  });

  it('answers as an unknown route when neither METRICS_TOKEN nor METRICS_PUBLIC is set, and without a token when public', async () => {
    const hidden = await createApiApp(testConfig());
    others.push(hidden);
    await hidden.init();
    const answer = await request(hidden.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${token}`).expect(404);
    expect(answer.body).toEqual(UNKNOWN_ROUTE_BODY);
    expect((await request(hidden.getHttpServer()).get(`/no-such-route-${randomUUID()}`).expect(404)).body).toEqual(answer.body);
    // Nor is it in the OpenAPI document.
    expect(Object.keys((await request(hidden.getHttpServer()).get('/api/docs-json').expect(200)).body.paths)).not.toContain('/metrics');

    const open = await createApiApp(testConfig({ METRICS_PUBLIC: 'true' }));
    others.push(open);
    await open.init();
    const res = await request(open.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(parse(res.text).some((s) => s.name === 'fullfolj_outbox_pending')).toBe(true);
  });

  it('needs the bearer token on the API and on the worker: 401 without it or with a wrong one, 200 with it', async () => {
    const missing = await api().get('/metrics').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(missing.body).toMatchObject({ statusCode: 401, code: 'metrics_token_required' });
    await api().get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    await api().get('/metrics').set('Authorization', token).expect(401);
    // A session is not a metrics token either.
    await stack.agents.owner.get('/metrics').expect(401);
    const ok = await api().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);

    expect((await fetch(workerUrl())).status).toBe(401);
    expect((await fetch(workerUrl(), { headers: { Authorization: `Bearer ${token.slice(1)}` } })).status).toBe(401);
    expect((await fetch(workerUrl().replace('/metrics', '/other'), { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
    const worker = await scrapeWorker();
    expect(worker.some((s) => s.name === 'fullfolj_mails_sent_total')).toBe(true);
  });

  it('counts what the worker sends, waits in the outbox while SMTP is down, and times reminders and requests', async () => {
    const { agents, people } = stack;
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    const programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Mätvärden ${TEST_YEAR}`,
        programmeStart: testDate('01-04'),
        steeringGroup: { chairId: people.chair.id, memberIds: [] },
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
    const dueDate = testDate('02-10');
    const itemId = (
      await agents.owner
        .post(`/programmes/${programmeId}/assignments`)
        .send({ phaseKey: 'forberedelse', title: 'Kartlägg frånvaro per skolenhet', responsibleId: people.official.id, dueDate })
        .expect(201)
    ).body.id as string;
    await eventually(async () => expect(await countAssignments(stack.db, [itemId])).toBe(1));

    // Mail through Temporal and the worker's outbox activities, to run-unique addresses.
    const deliver = (i: number, to = `mottagare-${i}.${stack.run}@kommun.example`) =>
      client.workflow.execute(workflowTypes.mailDelivery, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: workflowIds.mailDelivery(`metrics:${stack.run}:${i}`),
        args: [{ key: `metrics:${stack.run}:${i}`, to, subject: `Mätvärden ${i}`, text: `Meddelande ${i}` }],
      });
    await Promise.all([1, 2, 3, 4, 5].map((i) => deliver(i)));
    // An address that is not one: enqueueMail fails for good, counted as an activity failure.
    await expect(deliver(6, `ingen-adress-${stack.run}`)).rejects.toBeInstanceOf(WorkflowFailedError);

    // A reminder planned for 3 seconds ago, through the worker's own sendItemReminder (the
    // real stack cannot wait for 08:00 on a working day): its lateness is at least that.
    const activities = stack.worker.app.get<Activities>(ACTIVITIES);
    const plannedAt = new Date(Date.now() - 3000).toISOString();
    const reminded = await activities.sendItemReminder({
      programmeId,
      itemId,
      dueDate,
      reminder: { key: `metrics-${stack.run}`, kind: 'due', workingDays: 0, date: dueDate, at: plannedAt, audience: 'responsible' },
      responsibleId: people.official.id,
    });
    expect(reminded).not.toBeNull();

    // SMTP down: the next mail waits in the outbox; the API reads that at scrape time.
    await smtp.cut();
    const waiting = deliver(7);
    try {
      const [row] = await eventually(async () => {
        const rows: Array<{ status: string; attempts: number; created_at: Date }> = await stack.db.query(`SELECT status, attempts, created_at FROM mail_outbox WHERE key = $1`, [
          `metrics:${stack.run}:7`,
        ]);
        expect(rows).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })]);
        return rows;
      });
      const ageNow = (Date.now() - row.created_at.getTime()) / 1000;
      const outage = await scrapeApi();
      expect(one(outage, 'fullfolj_outbox_pending')).toBeGreaterThanOrEqual(1);
      // The oldest pending mail (of the whole shared test database) is at least as old as ours.
      expect(one(outage, 'fullfolj_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(ageNow - 1);
      const worker = await eventually(async () => {
        const samples = await scrapeWorker();
        expect(sum(samples, 'fullfolj_mail_send_retries_total')).toBeGreaterThanOrEqual(1);
        return samples;
      });
      expect(sum(worker, 'fullfolj_activity_failures_total', { activity: 'deliverMail' })).toBeGreaterThanOrEqual(1);
    } finally {
      await smtp.restore();
    }
    await waiting;

    // Every mail the worker sent is one the sink got (its own people's programme mail included).
    const samples = await eventually(async () => {
      const [worker, got] = [await scrapeWorker(), await received()];
      expect(sum(worker, 'fullfolj_mails_sent_total')).toBe(got);
      return worker;
    });
    expect(sum(samples, 'fullfolj_mails_sent_total')).toBeGreaterThanOrEqual(7);
    expect(sum(samples, 'fullfolj_mails_failed_total')).toBe(0);
    expect(sum(samples, 'fullfolj_activity_failures_total', { activity: 'enqueueMail' })).toBeGreaterThanOrEqual(1);
    // One reminder sent, at least 3 s late.
    expect(sum(samples, 'fullfolj_reminder_lateness_seconds_count')).toBe(1);
    expect(sum(samples, 'fullfolj_reminder_lateness_seconds_count', { kind: 'due' })).toBe(1);
    expect(sum(samples, 'fullfolj_reminder_lateness_seconds_sum')).toBeGreaterThanOrEqual(3);
    expect(sum(samples, 'fullfolj_reminder_lateness_seconds_bucket', { kind: 'due', le: '1' })).toBe(0);
    expect(sum(samples, 'fullfolj_reminder_lateness_seconds_bucket', { kind: 'due', le: '+Inf' })).toBe(1);

    // HTTP: labelled by route template, never by the URL with its ids.
    await agents.owner.get(`/programmes/${programmeId}`).expect(200);
    await api().get(`/no/such/${randomUUID()}`).expect(404);
    const http = (await scrapeApi()).filter((s) => s.name.startsWith('fullfolj_http_request_duration_seconds'));
    const routes = new Set(http.map((s) => s.labels.route));
    expect([...routes]).toEqual(expect.arrayContaining(['/programmes/:id', '/programmes/:id/assignments', '/programmes', '/metrics', 'unmatched']));
    expect(http.filter((s) => UUID.test(Object.values(s.labels).join(' ')))).toEqual([]);
    expect(sum(http, 'fullfolj_http_request_duration_seconds_count', { method: 'GET', route: '/programmes/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sum(http, 'fullfolj_http_request_duration_seconds_count', { method: 'POST', route: '/programmes', status: '201' })).toBe(1);
    expect(sum(http, 'fullfolj_http_request_duration_seconds_count', { route: '/metrics', status: '401' })).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
