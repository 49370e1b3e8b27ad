import { createServer, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, startApiStack, testDate } from '@fullfolj/testing';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/**
 * An OTLP/HTTP trace receiver (what an OpenTelemetry collector offers on :4318): it takes the
 * JSON export requests on /v1/traces and keeps every span with its service name, and the raw bodies.
 */
class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  readonly bodies: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
          res.writeHead(404).end();
          return;
        }
        this.bodies.push(body);
        const request = JSON.parse(body) as {
          resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<Omit<OtlpSpan, 'service'>> }> }>;
        };
        for (const rs of request.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const span of ss.spans) this.spans.push({ ...span, service });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// Issue 20: optional OpenTelemetry traces from the API through Temporal to the activities. With
// OTEL_EXPORTER_OTLP_ENDPOINT set, starting a programme over HTTP gives one trace: the API's call
// to Temporal, the workflow's run and its update handler, and the activities it scheduled.
describe('OpenTelemetry traces from the API through Temporal to the activities', () => {
  let receiver: OtlpReceiver;
  let stack: ApiStack;

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
    stack = await startApiStack({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    await stack.addPerson('chair', 'Erik Johansson');
  });

  afterAll(async () => {
    await stack?.close();
    await receiver?.stop();
  });

  it('exports one trace per act over OTLP/HTTP, from the API to the activities, with no personal data in it', async () => {
    const name = `Spårad utbildning ${randomUUID().slice(0, 8)}`;
    const res = await stack.agents.owner
      .post('/programmes')
      .send({ templateId: 'skr-fullfoljd-utbildning', name, programmeStart: testDate('01-04'), steeringGroup: { chairId: stack.people.chair.id, memberIds: [] } })
      .expect(201);
    const programmeId = res.body.programme.id as string;
    const assignmentId = (res.body.assignments as Array<{ id: string }>)[0]?.id ?? ((await stack.agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.assignments as Array<{ id: string }>)[0].id;
    await stack.agents.owner.post(`/programmes/${programmeId}/assignments/${assignmentId}/status`).send({ status: 'in_progress', comment: 'Spårad anteckning' }).expect(200);

    /** The trace an API span starts: the API's span and the worker's activity spans under it. */
    const traceOf = (spanName: string) =>
      eventually(async () => {
        const root = receiver.spans.find((s) => s.name.startsWith(spanName) && s.service === 'fullfolj-api');
        expect(root).toBeDefined();
        const activities = receiver.spans.filter((s) => s.traceId === root!.traceId && s.service === 'fullfolj-worker');
        expect(activities.map((s) => s.name)).toContain('RunActivity:recordProgrammeEvent');
        return Promise.resolve({ root: root!, activities });
      }, 30_000);
    // The batch processor sends every few seconds: wait until each whole trace is there.
    const start = await traceOf('UpdateWithStartWorkflow:');
    const act = await traceOf('StartWorkflowUpdate:');

    for (const trace of [start, act]) {
      // The API's span is the root; each activity span hangs directly under it (the workflow only carries the context).
      expect(trace.root.parentSpanId ?? '').toBe('');
      expect(trace.activities.every((s) => s.parentSpanId === trace.root.spanId)).toBe(true);
    }
    expect(act.root.traceId).not.toBe(start.root.traceId);
    // No comment, title, name or address in what left: ids and Temporal's own names only.
    const exported = receiver.bodies.join('\n');
    expect(exported).toContain(programmeId);
    for (const personal of [name, 'Spårad anteckning', stack.people.owner.email, stack.people.chair.email, 'Erik Johansson', 'Anna Lindqvist']) expect(exported).not.toContain(personal);
  });
});
