import { INestApplication } from '@nestjs/common';
import { waitUntil } from '@fullfolj/runtime';
import { hostPort, sameOriginAgent, startWorkerProcess, TcpProxy, testConfig, testServices, WorkerProcess } from '@fullfolj/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { SEED, sized } from '../lib/plan';
import { actPath, actsRow, assignmentIds, auditCounts, createCast, PASSWORD, sendAgain, settledActs, startProgrammes, statusActs } from '../lib/programmes';
import { expectPromiseKept, recordRow } from '../lib/results';

// Temporal unreachable from the API: the API reaches Temporal through a TCP proxy that is
// cut (as a network outage would), while the compiled worker keeps its own connection.
// While it is cut, every act (status notes on several programmes, each with an
// Idempotency-Key) must be answered 503 naming Temporal (temporal_unavailable, or
// temporal_outcome_unknown where the call may have reached it) rather than waiting, reads
// from the read model must keep answering 200 as before, and no act answered
// temporal_unavailable may be in the audit trail. Once the proxy is restored, each act is
// sent again with its key and must then be in the audit trail exactly once.

const PROGRAMMES = sized('FAULTS_TEMPORAL_OUTAGE_PROGRAMMES', { full: 6, ci: 2 });
const ACTS_PER_PROGRAMME = sized('FAULTS_TEMPORAL_OUTAGE_ACTS', { full: 5, ci: 3 });

describe('Temporal unreachable from the API while programmes run', () => {
  const services = testServices();
  let proxy: TcpProxy | undefined;
  let worker: WorkerProcess | undefined;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await worker?.kill();
    await proxy?.stop();
  });

  it('answers acts 503 naming Temporal, keeps reads working, and carries out each retried act once', async () => {
    const t0 = Date.now();
    const problems: string[] = [];
    proxy = await TcpProxy.start(hostPort(services.temporalAddress));
    const config = testConfig({ TEMPORAL_ADDRESS: proxy.address });
    worker = await startWorkerProcess({ ...config, temporal: { ...config.temporal, address: services.temporalAddress } }, { name: 'worker-outage' });
    app = await createApiApp(config);
    await app.init();
    const api = app;
    const signIn = async (email: string) => {
      const agent = sameOriginAgent(api);
      await agent.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
      return agent;
    };
    const { cast, owner } = await createCast(api, signIn);
    const official = await signIn(cast.people.official.email);
    const ids = await startProgrammes(owner, cast, PROGRAMMES, 'avbrott');
    const programmes = await Promise.all(ids.map(async (id) => ({ id, assignments: await assignmentIds(owner, id) })));
    const acts = statusActs(programmes, ACTS_PER_PROGRAMME, 'Under avbrottet');

    // What the read model answers before: each programme, and the official's own work.
    const reads = async () => ({
      programmes: await Promise.all(
        ids.map(async (id) => {
          const res = await owner.get(`/programmes/${id}`);
          return { status: res.status, assignments: res.body.assignments as unknown, eventSeq: res.body.programme?.eventSeq as unknown };
        }),
      ),
      work: await official.get('/my-work').then((res) => ({ status: res.status, items: res.body.items as unknown })),
    });
    const before = await reads();

    await proxy.cut();
    const answers = await Promise.all(
      acts.map(async (act) => {
        const started = Date.now();
        const res = await owner.post(actPath(act)).set('Idempotency-Key', act.key).send(act.body).timeout(60_000);
        return { status: res.status, code: String(res.body?.code ?? ''), message: String(res.body?.message ?? ''), ms: Date.now() - started };
      }),
    );
    const during = await reads();
    const health = await owner.get('/health');
    const countsDuring = await auditCounts(owner, acts);
    await proxy.restore();

    const wrong = answers.filter((a) => a.status !== 503 || !['temporal_unavailable', 'temporal_outcome_unknown'].includes(a.code) || !/Temporal/.test(a.message));
    if (wrong.length > 0) problems.push(`${wrong.length} acts while Temporal was unreachable were answered otherwise: ${[...new Set(wrong.map((a) => `${a.status} ${a.code}`))].join(', ')}`);
    const halfDone = answers.filter((a, i) => a.code === 'temporal_unavailable' && countsDuring[i] !== 0).length;
    if (halfDone > 0) problems.push(`${halfDone} acts answered temporal_unavailable ("nothing was changed") are in the audit trail`);
    if (JSON.stringify(during) !== JSON.stringify(before)) problems.push('reads from the read model answered differently while Temporal was unreachable');
    if (health.status !== 503 || health.body?.error?.temporal?.status !== 'down') problems.push(`/health answered ${health.status} without naming Temporal down while it was unreachable`);

    // Back: each act sent again with its key is carried out (or was already), once.
    await waitUntil(async () => (await owner.get('/health')).status === 200, { timeoutMs: 60_000, what: '/health 200 after the proxy was restored' }).catch((error: Error) =>
      problems.push(error.message),
    );
    const retried = (await sendAgain(owner, acts, 120_000)).map((r) => r.status === 200);
    if (retried.some((ok) => !ok)) problems.push(`${retried.filter((ok) => !ok).length} acts sent again after the outage were not answered 200`);
    const column = await settledActs(owner, acts, retried);

    const codes = answers.reduce<Record<string, number>>((tally, a) => ({ ...tally, [`${a.status} ${a.code}`]: (tally[`${a.status} ${a.code}`] ?? 0) + 1 }), {});
    const slowest = Math.max(...answers.map((a) => a.ms));
    const row = actsRow('Temporal unreachable from the API', acts.length, column, {
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; ${PROGRAMMES} programmes, ${acts.length} acts sent while the API's connection to Temporal was cut: ` +
        `${Object.entries(codes)
          .map(([code, n]) => `${n}× ${code}`)
          .join(', ')}, the slowest answer after ${(slowest / 1000).toFixed(1)} s (TEMPORAL_CALL_TIMEOUT_SECONDS ${config.temporal.callTimeoutSeconds}); ` +
        `reads ${JSON.stringify(during) === JSON.stringify(before) ? 'unchanged' : 'CHANGED'}; ${retried.filter(Boolean).length} sent again with their keys and carried out`,
      problems,
    });
    recordRow(row);
    expectPromiseKept(row);
  }, 600_000);
});
