import { randomUUID } from 'node:crypto';
import { ApiStack, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';

interface HistoryEvent {
  type: string;
  actorId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

// Acts safe to retry (issue 20): an Idempotency-Key makes a repeated request answer as the first
// did without acting again. Over HTTP, on real PostgreSQL, Temporal and worker.
describe('Idempotency-Key on acts', () => {
  let stack: ApiStack;
  let agents: ApiStack['agents'];
  let people: ApiStack['people'];
  let base: string;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ agents, people } = stack);
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('member', 'Fatima Hassan');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    await stack.addPerson('responsible', 'Rut Ansvarig');
    const programmeId = randomUUID();
    base = `/programmes/${programmeId}`;
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${TEST_YEAR}`,
        programmeStart: testDate('01-04'),
        dates: {
          kickoff: testDate('01-27'),
          teamMeetings: [testDate('04-05'), testDate('08-18')],
          closingMeeting: testDate('11-23'),
          statusReportDue: testDate('06-10'),
          finalReportDue: testDate('02-15', 1),
        },
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        teams: [{ name: 'Utvecklingsteam Gymnasiet', memberIds: [people.headTeacher.id] }],
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
  });

  afterAll(() => stack?.close());

  const assignment = (title: string) => ({ phaseKey: 'genomforande', title, dueDate: testDate('05-01'), responsibleId: people.responsible.id });
  const history = async () => (await agents.owner.get(`${base}/history`).expect(200)).body as HistoryEvent[];
  const created = async (title: string) => (await history()).filter((e) => e.type === 'assignment_created' && (e.data.assignment as { title: string }).title === title);
  const statuses = async (assignmentId: string) => (await history()).filter((e) => e.type === 'status_recorded' && e.data.assignmentId === assignmentId);
  const row = async (personId: string, key: string) =>
    (await stack.db.query<Array<{ status: string; response_status: number | null }>>(`SELECT status, response_status FROM idempotency_key WHERE person_id = $1 AND key = $2`, [personId, key]))[0];

  it('creates an assignment once when the same request is sent twice with one key; the retry gets the first answer', async () => {
    const key = randomUUID();
    const body = assignment('Kartlägg frånvaron');
    const first = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(reordered).expect(201);

    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await created('Kartlägg frånvaron')).map((e) => e.subjectId)).toEqual([first.body.id]);
    const view = await agents.owner.get(base).expect(200);
    expect(view.body.assignments.filter((a: { title: string }) => a.title === 'Kartlägg frånvaron')).toHaveLength(1);
    expect(await row(people.owner.id, key)).toEqual({ status: 'completed', response_status: 201 });
  });

  it('records a status once: the retry answers 200 with the same body and the history has one entry', async () => {
    const item = (await agents.owner.post(`${base}/assignments`).send(assignment('Intervjua eleverna')).expect(201)).body as { id: string };
    const key = `status-${randomUUID()}`;
    const path = `${base}/assignments/${item.id}/status`;
    const first = await agents.responsible.post(path).set('Idempotency-Key', key).send({ status: 'in_progress', comment: 'Påbörjad' }).expect(200);
    const retry = await agents.responsible.post(path).set('Idempotency-Key', key).send({ status: 'in_progress', comment: 'Påbörjad' }).expect(200);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await statuses(item.id)).map((e) => e.data)).toEqual([{ assignmentId: item.id, from: 'remaining', to: 'in_progress', comment: 'Påbörjad' }]);
  });

  it('refuses the same key with a different body (422 idempotency_key_reused) and acts on neither', async () => {
    const key = randomUUID();
    await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Följ upp närvaron')).expect(201);
    const reused = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Något helt annat')).expect(422);
    expect(reused.body.errors).toEqual([{ field: 'Idempotency-Key', code: 'idempotency_key_reused', message: expect.any(String) }]);
    expect(await created('Något helt annat')).toEqual([]);

    // Another route under the same key is another request too.
    const item = (await created('Följ upp närvaron'))[0].subjectId!;
    const elsewhere = await agents.owner.post(`${base}/assignments/${item}/status`).set('Idempotency-Key', key).send({ status: 'in_progress' }).expect(422);
    expect(elsewhere.body.errors[0].code).toBe('idempotency_key_reused');
    expect(await statuses(item)).toEqual([]);
  });

  it('keeps keys per person: two people using the same key both act', async () => {
    const key = `shared-${randomUUID()}`;
    const byOwner = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Samma nyckel')).expect(201);
    const byChair = await agents.chair.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Samma nyckel')).expect(201);

    expect(byChair.headers['idempotent-replayed']).toBeUndefined();
    expect(byChair.body.id).not.toBe(byOwner.body.id);
    expect((await created('Samma nyckel')).map((e) => e.actorId).sort()).toEqual([people.owner.id, people.chair.id].sort());
  });

  it('refuses a key that is empty, too long or not visible ASCII (400 invalid_idempotency_key), acting on nothing', async () => {
    for (const key of ['', 'a'.repeat(256), 'nyckel med mellanslag', 'nyckel-ö']) {
      const res = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Ogiltig nyckel')).expect(400);
      expect({ key, errors: res.body.errors }).toEqual({ key, errors: [{ field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: expect.any(String) }] });
    }
    // The longest allowed key is fine.
    await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', 'k'.repeat(255)).send(assignment('Lång nyckel')).expect(201);
    expect(await created('Ogiltig nyckel')).toEqual([]);
  });

  it('changes nothing without the header: the same request twice acts twice', async () => {
    const a = await agents.owner.post(`${base}/assignments`).send(assignment('Utan nyckel')).expect(201);
    const b = await agents.owner.post(`${base}/assignments`).send(assignment('Utan nyckel')).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(await created('Utan nyckel')).toHaveLength(2);
  });

  it('keeps a refusal (4xx) too: the retry gets the same status and body', async () => {
    const key = randomUUID();
    const path = `${base}/assignments/${randomUUID()}/status`;
    const first = await agents.owner.post(path).set('Idempotency-Key', key).send({ status: 'done' }).expect(404);
    const retry = await agents.owner.post(path).set('Idempotency-Key', key).send({ status: 'done' }).expect(404);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 409 idempotency_key_in_progress while the first attempt is still being carried out', async () => {
    const key = randomUUID();
    const body = assignment('Pågående');
    await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(body).expect(201);
    // Put the row back the way a first attempt that is still acting has it: recorded, no answer yet.
    await stack.db.query(`UPDATE idempotency_key SET status = 'in_progress', response_status = NULL, response_body = NULL, completed_at = NULL WHERE person_id = $1 AND key = $2`, [people.owner.id, key]);
    const busy = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(body).expect(409);
    expect(busy.body.errors).toEqual([{ field: 'Idempotency-Key', code: 'idempotency_key_in_progress', message: expect.any(String) }]);
    expect(busy.headers['retry-after']).toBe('1');
    expect(await created('Pågående')).toHaveLength(1);
  });

  it('acts again after an attempt died mid-act, and Temporal applies the act once (the update id comes from the key)', async () => {
    const key = randomUUID();
    const body = assignment('Efter en krasch');
    const first = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(body).expect(201);
    // What an API process killed after Temporal accepted the update, before it stored the answer, leaves behind.
    await stack.db.query(
      `UPDATE idempotency_key SET status = 'in_progress', response_status = NULL, response_body = NULL, completed_at = NULL, started_at = now() - interval '2 minutes'
        WHERE person_id = $1 AND key = $2`,
      [people.owner.id, key],
    );
    const retry = await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(body).expect(201);

    // Acted again (not a replay), yet the same assignment: Temporal answered with the first update's outcome.
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.id).toBe(first.body.id);
    expect(await created('Efter en krasch')).toHaveLength(1);
    expect(await row(people.owner.id, key)).toEqual({ status: 'completed', response_status: 201 });
  });

  it('sweeps keys older than a day', async () => {
    const key = randomUUID();
    await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', key).send(assignment('Gammal nyckel')).expect(201);
    await stack.db.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE person_id = $1 AND key = $2`, [people.owner.id, key]);
    // Any new key sweeps; the old one is then free again.
    await agents.owner.post(`${base}/assignments`).set('Idempotency-Key', randomUUID()).send(assignment('Ny nyckel')).expect(201);
    expect(await row(people.owner.id, key)).toBeUndefined();
  });

  it('documents the header on signed-in acts, not on sign-in, public routes or uploads', async () => {
    const document = (await agents.owner.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ $ref?: string }> }>>;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    const hasHeader = (path: string, method: string) => (document.paths[path]?.[method]?.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
    expect(document.components.parameters.IdempotencyKey).toEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(hasHeader('/programmes/{id}/assignments', 'post')).toBe(true);
    expect(hasHeader('/programmes/{id}/assignments/{assignmentId}/status', 'post')).toBe(true);
    expect(hasHeader('/programmes', 'get')).toBe(false);
    expect(hasHeader('/auth/login', 'post')).toBe(false);
    expect(hasHeader('/links/{token}/complete', 'post')).toBe(false);
    expect(hasHeader('/follow-up/plans/{id}/imports', 'post')).toBe(false);
  });
});
