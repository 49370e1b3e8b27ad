import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import type { ServiceConfig } from '@fullfolj/config';
import { addDays } from '@fullfolj/domain';
import { Agent, eventually, hostPort, RunningWorker, sameOriginAgent, startTestWorker, TcpProxy, testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';
import { PeopleService } from '../people/people.service';

interface HistoryEvent {
  type: string;
  subjectId: string;
  actorId: string;
  data: Record<string, unknown>;
}

const PASSWORD = 'ett-bra-lösenord';

// The API reaches Temporal through a proxy the test cuts, as a network outage would; the worker keeps its own
// connection, so only the API loses Temporal. Acts must answer 503 naming Temporal instead of hanging, reads
// from the read model keep working, and the same act sent again afterwards is carried out exactly once.
describe('Temporal unreachable from the API', () => {
  const services = testServices();
  let proxy: TcpProxy;
  let apiConfig: ServiceConfig;
  let workerConfig: ServiceConfig;
  let worker: RunningWorker | undefined;
  let app: INestApplication;
  let owner: Agent;
  let ownerId: string;
  const programmeId = randomUUID();
  const base = `/programmes/${programmeId}`;
  let assignmentId: string;

  const statusActs = async (to: string) =>
    ((await owner.get(`${base}/history`).expect(200)).body as HistoryEvent[]).filter(
      (e) => e.type === 'status_recorded' && e.subjectId === assignmentId && e.data.to === to,
    );
  const timed = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await call();
    console.log(`${what} answered after ${Date.now() - started} ms`);
    return result;
  };

  beforeAll(async () => {
    proxy = await TcpProxy.start(hostPort(services.temporalAddress));
    apiConfig = testConfig({ TEMPORAL_ADDRESS: proxy.address });
    workerConfig = { ...apiConfig, temporal: { ...apiConfig.temporal, address: services.temporalAddress } };
    worker = await startTestWorker(workerConfig);
    app = await createApiApp(apiConfig);
    await app.init();
    const run = randomUUID().slice(0, 8);
    const person = await app.get(PeopleService).create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, isAdmin: true, password: PASSWORD });
    ownerId = person.id;
    owner = sameOriginAgent(app);
    await owner.post('/auth/login').send({ email: person.email, password: PASSWORD }).expect(200);
    const chair = await owner
      .post('/people')
      .send({ name: 'Erik Johansson', email: `chair.${run}@kommun.example`, organisationUnit: 'Utbildningsförvaltningen', password: PASSWORD })
      .expect(201);
    const today = new Date().toISOString().slice(0, 10);
    await owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: 'Fullföljd utbildning (Temporal borta)',
        programmeStart: addDays(today, -30),
        steeringGroup: { chairId: chair.body.id, memberIds: [] },
        responsibles: { officials: ownerId, head_teachers: ownerId },
      })
      .expect(201);
    const view = await owner.get(base).expect(200);
    assignmentId = (view.body.assignments as Array<{ id: string; status: string }>).find((a) => a.status === 'remaining')!.id;
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await proxy?.stop();
  });

  it('answers an act 503 naming Temporal, keeps reads working, and carries out the retried act once', async () => {
    await proxy.cut();
    const key = randomUUID();
    try {
      const health = await timed('/health', () => owner.get('/health').expect(503));
      expect(health.body.error.temporal.status).toBe('down');

      // The connection is known to be down, so nothing can have reached Temporal: "nothing was changed" is true.
      const refused = await timed('status act', () =>
        owner.post(`${base}/assignments/${assignmentId}/status`).set('Idempotency-Key', key).send({ status: 'in_progress', comment: 'Under avbrottet' }).expect(503),
      );
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'temporal_unavailable' });
      expect(refused.body.message).toMatch(/Temporal.*nothing was changed/);
      expect(refused.headers['retry-after']).toBe('5');

      const view = await timed('GET /programmes/:id', () => owner.get(base).expect(200));
      expect(view.body.live).toBeNull();
      expect(view.body.assignments.find((a: { id: string }) => a.id === assignmentId).status).toBe('remaining');
      await owner.get('/my-work').expect(200);
      expect(await statusActs('in_progress')).toEqual([]);
    } finally {
      await proxy.restore();
    }

    await eventually(() => owner.get('/health').expect(200));
    const done = await owner
      .post(`${base}/assignments/${assignmentId}/status`)
      .set('Idempotency-Key', key)
      .send({ status: 'in_progress', comment: 'Under avbrottet' })
      .expect(200);
    expect(done.body).toMatchObject({ id: assignmentId, status: 'in_progress' });
    expect(await statusActs('in_progress')).toHaveLength(1);
  });

  it('says it is not known when the act reached Temporal but no answer came, and the same request sent again counts once', async () => {
    // Temporal is reachable but no worker runs the workflow: the update is delivered, its answer never comes.
    await worker!.stop();
    worker = undefined;
    const key = randomUUID();
    const send = () => owner.post(`${base}/assignments/${assignmentId}/status`).set('Idempotency-Key', key).send({ status: 'paused', comment: 'Väntar på svar' });
    const unknown = await timed('status act without a worker', () => send().expect(503));
    expect(unknown.body).toMatchObject({ statusCode: 503, code: 'temporal_outcome_unknown' });
    expect(unknown.body.message).toMatch(/Temporal.*not known whether.*same request again is safe/);
    expect(unknown.body.message).not.toMatch(/nothing was changed/);

    worker = await startTestWorker(workerConfig);
    // The first update is still waiting in Temporal; the retry has the same update id, so it joins it.
    const done = await eventually(() => send().expect(200));
    expect(done.body).toMatchObject({ id: assignmentId, status: 'paused' });
    await eventually(async () => expect(await statusActs('paused')).toHaveLength(1));
    // Also once the projection has caught up with everything the workflow emitted.
    await eventually(async () => expect((await owner.get(base).expect(200)).body.live?.eventSeq).toBe((await owner.get(base).expect(200)).body.programme.eventSeq));
    expect(await statusActs('paused')).toHaveLength(1);
  });
});
