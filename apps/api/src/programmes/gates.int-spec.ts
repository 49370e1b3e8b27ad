import { randomUUID } from 'node:crypto';
import { addDays } from '@fullfolj/domain';
import { ApiStack, eventually, startApiStack, tryDeleteEvents, tryUpdateEvents } from '@fullfolj/testing';

// The SKR programme's gates decided over HTTP by its steering group, on a real Temporal dev
// server and worker. The programme is dated in the past so each phase ends at once and its
// gate opens without waiting months; the steering group then moves it on, gate by gate.
describe('gates and the audit trail over HTTP', () => {
  let stack: ApiStack;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('member', 'Fatima Hassan');
    await stack.addPerson('headTeacher', 'Lars Berg');
    await stack.addPerson('politician', 'Karin Holm');
  });
  afterAll(() => stack?.close());

  it('the steering group decides each gate, the programme moves on, and the audit trail shows every act in order', async () => {
    const { agents, people } = stack;
    const programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: 'Fullföljd utbildning (i efterhand)',
        programmeStart: addDays(today, -450), // the template's default dates then all lie in the past
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        referenceGroupIds: [people.politician.id],
        responsibles: { head_teachers: people.headTeacher.id },
      })
      .expect(201);
    const base = `/programmes/${programmeId}`;
    const gateOpen = (phaseKey: string) =>
      eventually(async () => {
        const res = await agents.chair.get(`${base}/gates/${phaseKey}`).expect(200);
        expect(res.body.status).toBe('open');
        return res.body;
      });

    // Preparation (förberedelse): majority of the steering group.
    const first = await gateOpen('forberedelse');
    expect(first.definition).toMatchObject({ rule: 'majority' });
    expect(first.rounds[0].members.map((m: { name: string }) => m.name).sort()).toEqual(['Erik Johansson', 'Fatima Hassan']);
    expect(first.rounds[0].snapshot.length).toBeGreaterThan(0);
    await agents.headTeacher.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve' }).expect(403);
    const noComment = await agents.member.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'send_back' }).expect(400);
    expect(noComment.body.errors).toEqual([{ field: 'comment', message: 'sending back needs a comment' }]);
    const badCondition = await agents.chair
      .post(`${base}/gates/forberedelse/decisions`)
      .send({ decision: 'approve_with_conditions', conditions: [{ title: 'x', responsibleId: 'nej', dueDate: today }] })
      .expect(400);
    expect(badCondition.body.errors[0].field).toBe('conditions.0.responsibleId');

    const condition = { title: 'Redovisa elevernas perspektiv i nulägesanalysen', responsibleId: people.headTeacher.id, dueDate: addDays(today, 30) };
    await agents.chair.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve_with_conditions', conditions: [condition] }).expect(200);
    await agents.member.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve', comment: 'Bra underlag' }).expect(200);
    const closed = await agents.member.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'abstain' }).expect(409);
    expect(closed.body.message).toBe('the gate of "forberedelse" is closed (approved)');

    // The programme moves on through genomförande to avslutning, whose gate needs everyone.
    const last = await gateOpen('avslutning');
    expect(last.definition).toMatchObject({ rule: 'all' });
    await agents.member.post(`${base}/gates/avslutning/decisions`).send({ decision: 'send_back', comment: 'Slutrapporten saknar ekonomi' }).expect(200);
    await eventually(async () => expect((await agents.chair.get(`${base}/gates/avslutning`).expect(200)).body.status).toBe('rejected'));
    await agents.chair.post(`${base}/gates/avslutning/reopen`).send({ reason: 'x' }).expect(403);
    await agents.owner.post(`${base}/gates/avslutning/reopen`).send({}).expect(400);
    await agents.owner.post(`${base}/gates/avslutning/reopen`).send({ reason: 'Ekonomin är nu med' }).expect(200);
    await agents.member.post(`${base}/gates/avslutning/decisions`).send({ decision: 'approve' }).expect(200);
    await agents.chair.post(`${base}/gates/avslutning/decisions`).send({ decision: 'approve' }).expect(200);

    await eventually(async () => expect((await agents.owner.get(base).expect(200)).body.programme.status).toBe('completed'));
    const view = (await agents.owner.get(base).expect(200)).body;
    const fromGate = view.assignments.find((a: { title: string }) => a.title === condition.title);
    expect(fromGate).toMatchObject({ phaseKey: 'genomforande', responsibleId: people.headTeacher.id, dueDate: condition.dueDate });
    const rounds = (await agents.politician.get(`${base}/gates/avslutning`).expect(200)).body.rounds;
    expect(rounds.map((r: { round: number; status: string; reason: string | null }) => [r.round, r.status, r.reason])).toEqual([
      [1, 'rejected', 'the decision rule can no longer be met'],
      [2, 'approved', 'Ekonomin är nu med'],
    ]);

    // The audit trail: owner and steering group only; every act with who, when and what.
    await agents.politician.get(`${base}/audit`).expect(403);
    const audit = (await agents.member.get(`${base}/audit`).expect(200)).body as Array<{
      seq: number;
      occurredAt: string;
      actorName: string | null;
      type: string;
      subjectId: string | null;
      data: Record<string, unknown>;
    }>;
    expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i + 1));
    expect([...audit.map((e) => e.occurredAt)].sort()).toEqual(audit.map((e) => e.occurredAt));
    const acts = audit
      .filter((e) => e.type.startsWith('gate_') && !['gate_reminded', 'gate_escalated'].includes(e.type))
      .map((e) => [e.type, e.subjectId, e.actorName, e.data.decision ?? e.data.reason ?? null]);
    expect(acts).toEqual([
      ['gate_opened', 'forberedelse', null, null],
      ['gate_decided', 'forberedelse', 'Erik Johansson', 'approve_with_conditions'],
      ['gate_decided', 'forberedelse', 'Fatima Hassan', 'approve'],
      ['gate_approved', 'forberedelse', 'Fatima Hassan', null],
      ['gate_opened', 'avslutning', null, null],
      ['gate_decided', 'avslutning', 'Fatima Hassan', 'send_back'],
      ['gate_rejected', 'avslutning', 'Fatima Hassan', 'the decision rule can no longer be met'],
      ['gate_reopened', 'avslutning', 'Anna Lindqvist', 'Ekonomin är nu med'],
      ['gate_decided', 'avslutning', 'Fatima Hassan', 'approve'],
      ['gate_decided', 'avslutning', 'Erik Johansson', 'approve'],
      ['gate_approved', 'avslutning', 'Erik Johansson', null],
    ]);
    expect(audit[0]).toMatchObject({ type: 'programme_started', actorName: 'Anna Lindqvist' });
    expect(audit.at(-1)).toMatchObject({ type: 'programme_completed' });
    const opened = audit.find((e) => e.type === 'gate_opened')!;
    expect(opened.data).toMatchObject({ round: 1, rule: 'majority', snapshot: expect.any(Array) });
    expect(audit.some((e) => e.type === 'assignment_created' && (e.data.fromGate as { phaseKey: string })?.phaseKey === 'forberedelse')).toBe(true);

    const csv = await agents.owner.get(`${base}/audit?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('seq,occurred_at,actor_id,actor_name,type,subject,details');
    expect(lines.filter((l) => /^\d+,/.test(l))).toHaveLength(audit.length);
    await agents.owner.get(`${base}/audit?format=xml`).expect(400);

    // Append-only: no endpoint alters it, and the database refuses.
    await agents.owner.delete(`${base}/audit`).expect(404);
    await expect(tryUpdateEvents(stack.db, programmeId)).rejects.toThrow(/append-only/);
    await expect(tryDeleteEvents(stack.db, programmeId)).rejects.toThrow(/append-only/);
  });
});
