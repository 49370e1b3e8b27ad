import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { loadConfig, requireServices } from '@fullfolj/config';
import { programmeQueries, workflowIds } from '@fullfolj/contracts';
import { freePort, waitUntil } from '@fullfolj/runtime';
import { ApiProcess, hostPort, sameOriginAgent, startApiProcess, startWorkerProcess, TcpProxy, testDataConverter, testEnv, testServices, WorkerProcess } from '@fullfolj/testing';
import type { Agent } from '@fullfolj/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { SEED, sized } from '../lib/plan';
import { actPath, actsRow, assignmentIds, createCast, PASSWORD, sendAgain, settledActs, startProgrammes, statusActs, type StatusAct } from '../lib/programmes';
import { expectPromiseKept, recordRow } from '../lib/results';

// The API process is SIGKILLed between Temporal accepting an act and the API answering it,
// then the caller sends the same request again with its Idempotency-Key, as a client that
// got no answer should. The window is made exact, not hoped for: the compiled API reaches
// Temporal through a TCP proxy that holds Temporal's replies (hold()) while the requests
// still go through, so each act is carried out by the workflow (seen in its live state,
// queried over the test's own connection) while its answer waits in the proxy; then the
// API is killed. Every first attempt must have had no answer at all, every retry against a
// new API process must succeed, and each act must be in the audit trail exactly once.

const PROGRAMMES = sized('FAULTS_APIKILL_PROGRAMMES', { full: 4, ci: 2 });
const ACTS_PER_PROGRAMME = sized('FAULTS_APIKILL_ACTS', { full: 4, ci: 2 });

describe('API killed between Temporal accepting an act and the answer', () => {
  const services = testServices();
  let proxy: TcpProxy | undefined;
  let worker: WorkerProcess | undefined;
  const apis: ApiProcess[] = [];
  let connection: Connection | undefined;

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.kill()));
    await worker?.kill();
    await proxy?.stop();
    await connection?.close();
  });

  it('the act sent again after the kill is applied once', async () => {
    const t0 = Date.now();
    const problems: string[] = [];
    proxy = await TcpProxy.start(hostPort(services.temporalAddress));
    // A long call deadline, so the held answer is still awaited (not answered 503) when the kill comes.
    const env = testEnv({ TEMPORAL_ADDRESS: proxy.address, TEMPORAL_CALL_TIMEOUT_SECONDS: '60' });
    const config = requireServices(loadConfig(env));
    worker = await startWorkerProcess({ ...config, temporal: { ...config.temporal, address: services.temporalAddress } }, { name: 'worker-apikill' });

    // People and programmes, set up through an API in this process that is closed before the faults.
    const setup = await createApiApp(config);
    await setup.init();
    const signInHere = async (email: string) => {
      const agent = sameOriginAgent(setup);
      await agent.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
      return agent;
    };
    const { cast, owner: setupOwner } = await createCast(setup, signInHere);
    const ids = await startProgrammes(setupOwner, cast, PROGRAMMES, 'krasch');
    const programmes = await Promise.all(ids.map(async (id) => ({ id, assignments: await assignmentIds(setupOwner, id) })));
    await setup.close();

    const port = await freePort();
    const startApi = async (name: string) => {
      const api = await startApiProcess(env, port, { name });
      apis.push(api);
      return api;
    };
    const signIn = async (api: ApiProcess): Promise<Agent> => {
      const agent = request.agent(api.url).set('Origin', `http://localhost:${port}`);
      await agent.post('/auth/login').send({ email: cast.owner.email, password: PASSWORD }).expect(200);
      return agent;
    };
    connection = await Connection.connect({ address: services.temporalAddress });
    const client = new Client({ connection, dataConverter: testDataConverter(config) });
    const applied = async (act: StatusAct) => {
      const state = await client.workflow.getHandle(workflowIds.programme(act.programmeId)).query(programmeQueries.state);
      const a = state.assignments.find((x) => x.id === act.assignmentId);
      return a?.status === act.body.status && a.comment === act.body.comment;
    };

    const first = await startApi('api-1');
    const owner = await signIn(first);
    const acts = statusActs(programmes, ACTS_PER_PROGRAMME, 'Före kraschen');

    proxy.hold();
    const attempts = acts.map((act) =>
      owner
        .post(actPath(act))
        .set('Idempotency-Key', act.key)
        .send(act.body)
        .then(
          (res) => `answered ${res.status}`,
          (error: Error) => `no answer (${error.message})`,
        ),
    );
    await waitUntil(async () => (await Promise.all(acts.map(applied))).every(Boolean), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'every act carried out by its workflow while its answer is held',
      failIf: () => (first.exited() ? `the API exited:\n${first.output()}` : undefined),
    }).catch((error: Error) => problems.push(error.message));
    await first.kill();
    const outcomes = await Promise.all(attempts);
    proxy.release();
    const answered = outcomes.filter((o) => o.startsWith('answered'));
    if (answered.length > 0) problems.push(`${answered.length} first attempts were answered before the kill (${answered.join(', ')}): the window was missed`);

    // A new API process; the caller sends each request again with its key until it is answered.
    const second = await startApi('api-2');
    const again = await signIn(second);
    const retries = await sendAgain(again, acts, 180_000);
    const retriedOk = retries.map((r) => r.status === 200);
    if (retriedOk.some((ok) => !ok)) problems.push(`retries not answered 200: ${retries.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.code}`).join(', ')}`);
    const column = await settledActs(again, acts, retriedOk);
    const row = actsRow('API killed mid-act, request sent again', acts.length, column, {
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; ${acts.length} acts on ${PROGRAMMES} programmes carried out by Temporal while their answers were held, then the API SIGKILLed: ` +
        `${outcomes.length - answered.length} first attempts without an answer; sent again to a new API process: ` +
        `${retries.filter((r) => r.status === 200).length} answered 200 (${retries.filter((r) => r.replayed).length} replayed from the key's stored answer)`,
      problems,
    });
    recordRow(row);
    expectPromiseKept(row);
  }, 600_000);
});
