import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { workflowIds } from '@fullfolj/contracts';
import { ApiStack, startApiStack, testDate } from '@fullfolj/testing';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const ENCRYPTED = b64('binary/encrypted');

/**
 * Every payload in a history as the remote codec protocol carries it (proto JSON: bytes in base64),
 * but those the server must read (search attributes) and the patch markers Temporal's core writes
 * itself (a patch id), which no codec sees.
 */
function payloadsIn(value: unknown, out: JsonPayload[] = []): JsonPayload[] {
  if (Array.isArray(value)) for (const v of value) payloadsIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.markerName === 'core_patch') return out;
    if (o.metadata && typeof o.metadata === 'object' && 'encoding' in o.metadata) out.push({ metadata: o.metadata as Record<string, string>, data: o.data as string | undefined });
    else for (const [k, v] of Object.entries(o)) if (k !== 'searchAttributes') payloadsIn(v, out);
  }
  return out;
}

// A real programme on real Temporal: what a status comment and a programme name leave in the
// workflow history, and who may decode it through the codec endpoint the Temporal Web UI calls.
describe('Temporal payloads are encrypted', () => {
  const secret = `hemlig-kommentar-${randomUUID()}`;
  const programmeName = `Hemligt program ${randomUUID().slice(0, 8)}`;
  const uiOrigin = 'https://temporal.kommun.example';
  let stack: ApiStack;
  let programmeId: string;
  let history: temporal.api.history.v1.IHistory;

  beforeAll(async () => {
    stack = await startApiStack({ TEMPORAL_PAYLOAD_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`, TEMPORAL_UI_ORIGIN: uiOrigin });
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('chair', 'Erik Johansson');
    programmeId = randomUUID();
    const started = await stack.agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: programmeName,
        programmeStart: testDate('01-04'),
        dates: {
          kickoff: testDate('01-27'),
          teamMeetings: [testDate('04-05'), testDate('08-18')],
          closingMeeting: testDate('11-23'),
          statusReportDue: testDate('06-10'),
          finalReportDue: testDate('02-15', 1),
        },
        steeringGroup: { chairId: stack.people.chair.id, memberIds: [] },
        referenceGroupIds: [],
        secretaryId: stack.people.chair.id,
        responsibles: { officials: stack.people.official.id, head_teachers: stack.people.official.id },
      })
      .expect(201);
    const assignment = (started.body.assignments as Array<{ id: string; kind: string; responsibleId: string }>).find((a) => a.kind === 'assignment' && a.responsibleId === stack.people.official.id)!;
    await stack.agents.official.post(`/programmes/${programmeId}/assignments/${assignment.id}/status`).send({ status: 'in_progress', comment: secret }).expect(200);
    history = await stack.app.get(Client).workflow.getHandle(workflowIds.programme(programmeId)).fetchHistory();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("keeps the comment and the programme's name out of the workflow history, while the API shows them", async () => {
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect(raw.includes(Buffer.from(programmeName))).toBe(false);

    // Not because they never got there: the status update is in the history, encrypted under the first key.
    const payloads = payloadsIn(JSON.parse(historyToJSON(history)));
    expect(payloads.length).toBeGreaterThan(5);
    expect(payloads.every((p) => p.metadata?.encoding === ENCRYPTED)).toBe(true);
    expect(new Set(payloads.map((p) => Buffer.from(p.metadata?.['encryption-key-id'] ?? '', 'base64').toString()))).toEqual(new Set(['k2']));

    // Nor any name or e-mail address of the people in it.
    for (const person of Object.values(stack.people)) {
      expect(raw.includes(Buffer.from(person.email))).toBe(false);
      expect(raw.includes(Buffer.from(person.name))).toBe(false);
    }

    const shown = await stack.agents.owner.get(`/programmes/${programmeId}/history`).expect(200);
    expect(JSON.stringify(shown.body)).toContain(secret);
    expect((await stack.agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.programme.name).toBe(programmeName);
  });

  it('names the workflow by id only and gives the server no personal data in search attributes or memo', async () => {
    const handle = stack.app.get(Client).workflow.getHandle(workflowIds.programme(programmeId));
    expect(handle.workflowId).toBe(`programme-${programmeId}`);
    const described = await handle.describe();
    expect(described.memo ?? {}).toEqual({});
    // What the server indexes: Temporal's own attributes (patch ids), nothing of ours.
    const visible = JSON.stringify({ searchAttributes: described.searchAttributes, info: described.raw.workflowExecutionInfo });
    for (const text of [secret, programmeName, ...Object.values(stack.people).flatMap((p) => [p.email, p.name])]) expect(visible).not.toContain(text);
  });

  it('decodes the history for an administrator calling from the Temporal Web UI, with CORS for that origin only', async () => {
    const payloads = payloadsIn(JSON.parse(historyToJSON(history)));
    const res = await request.agent(stack.app.getHttpServer())
      .post('/codec/decode')
      .set('Cookie', await sessionCookieOf(stack, 'owner'))
      .set('Origin', uiOrigin)
      .set('X-Namespace', 'default')
      .send({ payloads })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const decoded = res.body.payloads as JsonPayload[];
    expect(decoded).toHaveLength(payloads.length);
    expect(decoded.some((p) => p.metadata?.encoding === ENCRYPTED)).toBe(false);
    const texts = decoded.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8'));
    expect(texts.some((t) => t.includes(secret))).toBe(true);
    expect(texts.some((t) => t.includes(programmeName))).toBe(true);
  });

  it('answers the browser preflight for the Web UI origin and gives no other origin CORS', async () => {
    const http = request(stack.app.getHttpServer());
    const preflight = await http
      .options('/codec/decode')
      .set('Origin', uiOrigin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace')
      .expect(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': uiOrigin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
    });
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);

    const evil = await http.options('/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // A page of another site cannot use an administrator's cookie here either.
    const forged = await http
      .post('/codec/decode')
      .set('Cookie', await sessionCookieOf(stack, 'owner'))
      .set('Origin', 'https://evil.example')
      .send({ payloads: [] })
      .expect(403);
    expect(forged.body).toMatchObject({ code: 'cross_site_request' });
    expect(forged.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses anyone but administrators: 401 signed out, 403 signed in without the admin right', async () => {
    const payloads = payloadsIn(JSON.parse(historyToJSON(history))).slice(0, 1);
    await request(stack.app.getHttpServer()).post('/codec/decode').send({ payloads }).expect(401);
    const res = await stack.agents.official.post('/codec/decode').send({ payloads }).expect(403);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    await stack.agents.official.post('/codec/encode').send({ payloads: [] }).expect(403);
  });

  it('takes an administrator API token without an Origin (the Temporal CLI), and round-trips encode and decode', async () => {
    const { token } = (await stack.agents.owner.post('/auth/tokens').send({ name: 'temporal cli' }).expect(201)).body as { token: string };
    const http = request(stack.app.getHttpServer());
    const plain = defaultPayloadConverter.toPayload({ comment: secret });
    const json = { metadata: Object.fromEntries(Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(plain.data!).toString('base64') };

    const encoded = (await http.post('/codec/encode').set('Authorization', `Bearer ${token}`).send({ payloads: [json] }).expect(200)).body.payloads as JsonPayload[];
    expect(encoded[0].metadata?.encoding).toBe(ENCRYPTED);
    expect(Buffer.from(encoded[0].data ?? '', 'base64').includes(Buffer.from(secret))).toBe(false);

    const decoded = (await http.post('/codec/decode').set('Authorization', `Bearer ${token}`).send({ payloads: [...encoded, json] }).expect(200)).body.payloads as JsonPayload[];
    // The encrypted one decrypted, the unencrypted one (as in histories from before encryption) unchanged.
    expect(decoded).toEqual([json, json]);
  });

  it('answers bad payloads with 400 naming the payload, never 500', async () => {
    const agent = stack.agents.owner;
    const notBase64 = await agent.post('/codec/decode').send({ payloads: [{ metadata: { encoding: 'not base64!' }, data: b64('x') }] }).expect(400);
    expect(notBase64.body.errors).toEqual([{ field: 'payloads.0.metadata.encoding', code: 'invalid_base64', message: 'must be base64' }]);

    const unknownKey = { metadata: { encoding: ENCRYPTED, 'encryption-key-id': b64('k0') }, data: b64('x'.repeat(40)) };
    const refused = await agent.post('/codec/decode').send({ payloads: [unknownKey] }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'payloads.0', code: 'payload_undecodable', message: 'Encrypted payload names key "k0", which is not in TEMPORAL_PAYLOAD_KEYS' }]);

    const [first] = payloadsIn(JSON.parse(historyToJSON(history)));
    const tampered = Buffer.from(first.data ?? '', 'base64');
    tampered[tampered.length - 1] ^= 0xff;
    const altered = await agent.post('/codec/decode').send({ payloads: [{ ...first, data: tampered.toString('base64') }] }).expect(400);
    expect(altered.body.errors[0]).toMatchObject({ field: 'payloads.0', code: 'payload_undecodable' });

    await agent.post('/codec/decode').send({ payloads: 'all of them' }).expect(400);
    await agent.post('/codec/decode').set('Content-Type', 'text/plain').send(JSON.stringify({ payloads: [] })).expect(415);
  });
});

/** The session cookie of a signed-in test person, to send from a client that sets its own Origin. */
async function sessionCookieOf(stack: ApiStack, key: string): Promise<string> {
  const res = await request(stack.app.getHttpServer())
    .post('/auth/login')
    .set('Origin', new URL(stack.config.api.baseUrl).origin)
    .send({ email: stack.people[key].email, password: 'ett-bra-lösenord' })
    .expect(200);
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.map((c) => c.split(';')[0]).join('; ');
}
