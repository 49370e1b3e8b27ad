import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { workflowIds } from '@fullfolj/contracts';
import { Agent, eventually, hostPort, RunningWorker, sameOriginAgent, startTestWorker, TcpProxy, testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../../bootstrap';
import { PeopleService } from '../../people/people.service';

const PASSWORD = 'ett-bra-lösenord';

// An indicator is saved in PostgreSQL and then its reminder workflow is told. With Temporal cut
// off from the API (a TCP proxy, as a network outage), the indicator is kept, the answer says
// the reminders are not scheduled, and the same request sent again schedules them.
describe('indicator reminders while Temporal is unreachable from the API', () => {
  const services = testServices();
  let proxy: TcpProxy;
  let worker: RunningWorker | undefined;
  let app: INestApplication;
  let owner: Agent;
  let connection: Connection;
  let client: Client;
  let planId: string;
  const indicatorId = randomUUID();
  let responsibleId: string;

  beforeAll(async () => {
    proxy = await TcpProxy.start(hostPort(services.temporalAddress));
    const apiConfig = testConfig({ TEMPORAL_ADDRESS: proxy.address });
    worker = await startTestWorker({ ...apiConfig, temporal: { ...apiConfig.temporal, address: services.temporalAddress } });
    app = await createApiApp(apiConfig);
    await app.init();
    connection = await Connection.connect({ address: services.temporalAddress });
    client = new Client({ connection, namespace: apiConfig.temporal.namespace });
    const run = randomUUID().slice(0, 8);
    const person = await app.get(PeopleService).create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, password: PASSWORD });
    responsibleId = person.id;
    owner = sameOriginAgent(app);
    await owner.post('/auth/login').send({ email: person.email, password: PASSWORD }).expect(200);
    const year = new Date().getUTCFullYear() + 1;
    planId = (
      await owner.post('/follow-up/plans').send({ name: `Plan ${run}`, municipality: 'Halmstads kommun', year, boards: [{ code: 'BUN', name: 'Barn- och ungdomsnämnden' }] }).expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await client?.workflow
      .getHandle(workflowIds.indicatorReminders(indicatorId))
      .terminate('test over')
      .catch(() => undefined);
    await connection?.close();
    await app?.close();
    await worker?.stop();
    await proxy?.stop();
  });

  it('keeps the indicator, says the reminders are not scheduled, and schedules them when the request is repeated', async () => {
    const body = {
      id: indicatorId,
      name: 'Engagemang/motivation',
      unit: { kind: 'scale', min: 1, max: 5 },
      direction: 'higher',
      periodicity: 'term',
      responsibleId,
    };
    await proxy.cut();
    try {
      const refused = await owner.post(`/follow-up/plans/${planId}/indicators`).send(body).expect(503);
      expect(['mail_not_sent', 'mail_outcome_unknown']).toContain(refused.body.code);
      expect(refused.body.message).toMatch(/the rest of the request was saved/);
      // The indicator itself is saved, and readable without Temporal.
      const list = (await owner.get(`/follow-up/plans/${planId}/indicators`).expect(200)).body;
      expect(list.indicators.map((i: { id: string }) => i.id)).toEqual([indicatorId]);
    } finally {
      await proxy.restore();
    }
    await eventually(() => owner.get('/health').expect(200));
    const again = await owner.post(`/follow-up/plans/${planId}/indicators`).send(body).expect(200);
    expect(again.body.id).toBe(indicatorId);
    const described = await eventually(() => client.workflow.getHandle(workflowIds.indicatorReminders(indicatorId)).describe());
    expect(described.status.name).toBe('RUNNING');
    const preview = (await owner.get(`/follow-up/plans/${planId}/indicators/${indicatorId}/reminders`).expect(200)).body;
    expect(preview.reminders.length).toBeGreaterThan(0);
  });
});
