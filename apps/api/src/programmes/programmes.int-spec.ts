import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ProgrammeState } from '@fullfolj/contracts';
import { ProgrammeReadModel } from '@fullfolj/database';
import { WorkingDayCalendar } from '@fullfolj/domain';
import { ApiStack, countRows, eventually, expectAgreement, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';

// Through the HTTP API alone, as the right (and the wrong) people, against a real Temporal
// dev server, a real worker and PostgreSQL: the SKR programme with the Linköping dates.
describe('programmes over HTTP', () => {
  let stack: ApiStack;
  let app: INestApplication;
  let run: string;
  let people: ApiStack['people'];
  let agents: ApiStack['agents'];

  const skr = (overrides: Record<string, unknown> = {}) => ({
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
    referenceGroupIds: [people.politician.id],
    teams: [{ name: 'Utvecklingsteam Gymnasiet', memberIds: [people.headTeacher.id] }],
    secretaryId: people.secretary.id,
    responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
    ...overrides,
  });

  const count = (table: string) => countRows(app, table);

  beforeAll(async () => {
    stack = await startApiStack();
    ({ app, run, people, agents } = stack);
    await stack.addPerson('otherOwner', 'Olle Ägare', { canOwnProgrammes: true });
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('member', 'Fatima Hassan');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    await stack.addPerson('secretary', 'Sara Ek');
    await stack.addPerson('politician', 'Karin Holm');
    await stack.addPerson('outsider', 'Nils Utomstående');
  });

  afterAll(() => stack?.close());

  let programmeId: string;
  let programme: ProgrammeReadModel & { live: ProgrammeState };

  it('the owner starts the SKR programme with the dates given, and reads it back', async () => {
    programmeId = randomUUID();
    const res = await agents.owner.post('/programmes').send(skr({ id: programmeId.toUpperCase() })).expect(201);
    programme = res.body;
    expect(programme.programme).toMatchObject({ id: programmeId, templateId: 'skr-fullfoljd-utbildning', status: 'running', ownerId: people.owner.id });
    expect(programme.phases.map((p) => p.key)).toEqual(['forberedelse', 'genomforande', 'avslutning']);
    expect(programme.meetings.map((m) => m.date)).toEqual([testDate('01-27'), testDate('04-05'), testDate('08-18'), testDate('11-23')]);
    // Reports are due 10 working days before the board meetings (10 June, 15 February the year after).
    const calendar = new WorkingDayCalendar();
    const reports = programme.assignments.filter((a) => a.kind === 'report');
    expect(reports.map((r) => r.dueDate).sort()).toEqual([
      calendar.addWorkingDays(testDate('06-10'), -10),
      calendar.addWorkingDays(testDate('02-15', 1), -10),
    ]);
    expect(programme.roles).toEqual(
      expect.arrayContaining([
        { personId: people.owner.id, role: 'owner', team: null },
        { personId: people.chair.id, role: 'steering_chair', team: null },
        { personId: people.member.id, role: 'steering_member', team: null },
        { personId: people.politician.id, role: 'reference', team: null },
        { personId: people.headTeacher.id, role: 'team_member', team: 'Utvecklingsteam Gymnasiet' },
        { personId: people.official.id, role: 'responsible', team: null },
      ]),
    );
    // The read model and the workflow's live state say the same.
    expectAgreement(programme.live, programme);

    const again = await agents.owner.post('/programmes').send(skr({ id: programmeId.toUpperCase() })).expect(200);
    expect(again.body.programme.id).toBe(programmeId);
    expect(await countRows(app, 'programme', { id: programmeId })).toBe(1);
    // The same id with other content is not dropped in silence: 409 naming each field that differs.
    const events = await countRows(app, 'programme_event', { programme_id: programmeId });
    const differs = await agents.owner
      .post('/programmes')
      .send(skr({ id: programmeId, name: 'Ett annat namn', referenceGroupIds: [people.politician.id, people.official.id], dates: { ...skr().dates, kickoff: testDate('01-28') } }))
      .expect(409);
    const why = 'differs from the programme already started with this id; leave the id out to start a new programme';
    expect(differs.body.errors).toEqual(['name', 'dates', 'referenceGroupIds'].map((field) => ({ field, code: 'differs_from_started', message: why })));
    expect((await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.programme.name).toBe(`Fullföljd utbildning ${TEST_YEAR}`);
    expect(await countRows(app, 'programme_event', { programme_id: programmeId })).toBe(events);

    // Ids are case-insensitive: the upper-case spelling reaches the same programme and live state.
    const upper = await agents.owner.get(`/programmes/${programmeId.toUpperCase()}`).expect(200);
    expect(upper.body.live.programmeId).toBe(programmeId);

    const mine = await agents.politician.get('/programmes').expect(200);
    expect(mine.body.map((p: { id: string }) => p.id)).toContain(programmeId);
  });

  it('refuses the wrong people, names the bad field, and leaves nothing half-written', async () => {
    const before = await Promise.all(['programme', 'programme_event', 'assignment', 'programme_role'].map(count));

    await request(app.getHttpServer()).post('/programmes').send(skr()).expect(401);
    const forbidden = await agents.chair.post('/programmes').send(skr()).expect(403);
    expect(forbidden.body.message).toMatch(/own programmes/i);

    const missing = await agents.owner.post('/programmes').send(skr({ name: undefined })).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'name', message: 'is required' }]);
    const badDate = await agents.owner.post('/programmes').send(skr({ dates: { ...skr().dates, kickoff: testDate('02-30') } })).expect(400);
    expect(badDate.body.errors[0].field).toBe('dates.kickoff');
    const stranger = randomUUID();
    const unknownPerson = await agents.owner.post('/programmes').send(skr({ steeringGroup: { chairId: people.chair.id, memberIds: [stranger] } })).expect(400);
    expect(unknownPerson.body.errors).toEqual([{ field: 'steeringGroup.memberIds[0]', message: 'no such person' }]);
    const noTemplate = await agents.owner.post('/programmes').send(skr({ templateId: 'finns-inte' })).expect(400);
    expect(noTemplate.body.errors[0].field).toBe('templateId');
    const extra = await agents.owner.post('/programmes').send(skr({ budget: 100 })).expect(400);
    expect(extra.body.errors).toEqual([{ field: 'budget', message: 'is not an accepted field' }]);
    const wrongRole = await agents.owner.post('/programmes').send(skr({ responsibles: { rektorer: people.headTeacher.id } })).expect(400);
    expect(wrongRole.body.errors[0].field).toBe('responsibles.rektorer');
    // Loosely typed parts of the body are checked as carefully as the rest.
    for (const [body, field] of [
      [skr({ responsibles: { head_teachers: 'abc' } }), 'responsibles.head_teachers'],
      [skr({ responsibles: { head_teachers: null } }), 'responsibles.head_teachers'],
      [skr({ dates: { kickoff: null } }), 'dates.kickoff'],
      [skr({ dates: { kickoff: { day: 27 } } }), 'dates.kickoff'],
      [skr({ dates: { teamMeetings: [1, 2] } }), 'dates.teamMeetings[0]'],
      [skr({ dates: 'januari' }), 'dates'],
      [skr({ steeringGroup: { chairId: 'ordförande', memberIds: [] } }), 'steeringGroup.chairId'],
      [skr({ name: 'x'.repeat(100_000) }), 'name'],
      // Text PostgreSQL cannot store would otherwise wedge the programme's event log.
      [skr({ name: 'Program\u0000' }), 'name'],
      [skr({ teams: [{ name: 'Team \ud800', memberIds: [] }] }), 'teams[0].name'],
    ] as const) {
      const res = await agents.owner.post('/programmes').send(body);
      expect({ status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    const taken = await agents.otherOwner.post('/programmes').send(skr({ id: programmeId })).expect(409);
    expect(taken.body.errors[0].field).toBe('id');

    const after = await Promise.all(['programme', 'programme_event', 'assignment', 'programme_role'].map(count));
    expect(after).toEqual(before);
  });

  it('gives a programme id to one owner only, also when two start it at the same instant', async () => {
    for (let round = 0; round < 3; round++) {
      const id = randomUUID();
      const [first, second] = await Promise.all([
        agents.owner.post('/programmes').send(skr({ id })),
        agents.otherOwner.post('/programmes').send(skr({ id })),
      ]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      const loser = first.status === 409 ? first : second;
      expect(loser.body.errors).toEqual([{ field: 'id', code: 'id_unavailable', message: 'cannot be used; leave it out and a new id is chosen' }]);
      const winner = first.status === 201 ? people.owner : people.otherOwner;
      expect((first.status === 201 ? first : second).body.programme.ownerId).toBe(winner.id);
    }
  });

  it('moves a meeting and its minutes deadline with it, the same number of working days later', async () => {
    const id = (await agents.owner.post('/programmes').send(skr()).expect(201)).body.programme.id;
    const base = `/programmes/${id}`;
    const before = (await agents.secretary.get(base).expect(200)).body as ProgrammeReadModel;
    const meeting = before.meetings.find((m) => m.kind === 'team')!;
    const minutes = before.assignments.find((a) => a.templateKey === `${meeting.key}/minutes`)!;
    const calendar = new WorkingDayCalendar();
    const offset = calendar.workingDaysBetween(meeting.date, minutes.dueDate);
    expect(offset).toBe(5);

    const to = calendar.addWorkingDays(meeting.date, 7);
    const path = `${base}/meetings/${encodeURIComponent(meeting.key)}/move`;
    await agents.headTeacher.post(path).send({ date: to, reason: 'Krock med APT' }).expect(403);
    await agents.secretary.post(path).send({ date: to, reason: 'Krock med APT' }).expect(200);
    await eventually(async () => {
      const after = (await agents.secretary.get(base).expect(200)).body as ProgrammeReadModel;
      expect(after.meetings.find((m) => m.key === meeting.key)!.date).toBe(to);
      expect(after.assignments.find((a) => a.id === minutes.id)).toMatchObject({ dueDate: calendar.addWorkingDays(to, 5), originalDueDate: minutes.dueDate });
    });
    const history = (await agents.owner.get(`${base}/history`).expect(200)).body as Array<{ type: string; subjectId: string; data: Record<string, unknown> }>;
    expect(history.find((e) => e.type === 'deadline_moved' && e.subjectId === minutes.id)!.data).toMatchObject({
      from: minutes.dueDate,
      to: calendar.addWorkingDays(to, 5),
      reason: 'Krock med APT',
      meetingKey: meeting.key,
    });
  });

  it('creates, reassigns, records status, moves a deadline and completes, each as the right person', async () => {
    const base = `/programmes/${programmeId}`;
    // The reference group reads but does not act.
    await agents.politician.get(base).expect(200);
    await agents.outsider.get(base).expect(403);
    await agents.owner.get(`/programmes/${randomUUID()}`).expect(404);
    const malformed = await agents.owner.get('/programmes/inte-ett-id').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);

    const denied = await agents.politician.post(`${base}/assignments`).send({ phaseKey: 'genomforande', title: 'x', dueDate: testDate('05-01') }).expect(403);
    expect(denied.body.message).toMatch(/programme owner, steering-group chair or steering-group member/);

    const created = await agents.member
      .post(`${base}/assignments`)
      .send({
        phaseKey: 'genomforande',
        title: 'Kartlägg frånvaro per skolenhet',
        description: 'Underlag till utvecklingsteamen',
        responsibleId: people.official.id,
        dueDate: testDate('05-31'),
        expectedEffect: 'Tidigare insatser vid frånvaro',
        followUp: 'Vid lägesrapporten i juni',
        resources: '20 timmar analytiker',
      })
      .expect(201);
    const assignmentId: string = created.body.id;
    expect(created.body).toMatchObject({ status: 'remaining', dueDate: testDate('05-31'), originalDueDate: testDate('05-31') });
    const badPhase = await agents.owner.post(`${base}/assignments`).send({ phaseKey: 'finns-inte', title: 'x', dueDate: testDate('05-01') }).expect(400);
    const nul = await agents.owner.post(`${base}/assignments`).send({ phaseKey: 'genomforande', title: 'a\u0000b', dueDate: testDate('05-01') }).expect(400);
    expect(nul.body.errors).toEqual([{ field: 'title', message: 'must not contain NUL characters' }]);
    // An assignment id taken in another programme is refused, not half-written.
    const other = (await agents.owner.post('/programmes').send(skr()).expect(201)).body.programme.id;
    const taken = await agents.owner.post(`/programmes/${other}/assignments`).send({ id: assignmentId, phaseKey: 'genomforande', title: 'Kopia', dueDate: testDate('05-01') }).expect(409);
    expect(taken.body.errors).toEqual([{ field: 'id', code: 'id_unavailable', message: 'cannot be used; leave it out and a new id is chosen' }]);
    expect(badPhase.body.errors[0].field).toBe('phaseKey');

    const a = `${base}/assignments/${assignmentId}`;
    await agents.headTeacher.post(`${a}/status`).send({ status: 'in_progress' }).expect(403);
    const badStatus = await agents.official.post(`${a}/status`).send({ status: 'kanske' }).expect(400);
    expect(badStatus.body.errors[0].field).toBe('status');
    // The Swedish word a follow-up report uses is the same status.
    await agents.official.post(`${a}/status`).send({ status: 'Pågående', comment: 'Data från tre skolor' }).expect(200);

    const noReason = await agents.owner.post(`${a}/deadline`).send({ dueDate: testDate('06-15') }).expect(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: 'is required' }]);
    await agents.official.post(`${a}/deadline`).send({ dueDate: testDate('06-15'), reason: 'Vill ha mer tid' }).expect(403);
    const moved = await agents.owner.post(`${a}/deadline`).send({ dueDate: testDate('06-15'), reason: 'Skolavslutningen krockar' }).expect(200);
    expect(moved.body).toMatchObject({ dueDate: testDate('06-15'), originalDueDate: testDate('05-31') });

    await agents.owner.post(`${a}/responsible`).send({ responsibleId: people.headTeacher.id }).expect(200);
    await agents.official.post(`${a}/status`).send({ status: 'paused' }).expect(403); // no longer theirs
    await agents.headTeacher.post(`${a}/complete`).send({ comment: 'Klar' }).expect(200);
    const again = await agents.headTeacher.post(`${a}/complete`).send({}).expect(409);
    expect(again.body.message).toMatch(/already completed/);

    // The gate of the preparation phase is not open before the phase ends; only the steering group decides.
    await agents.official.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve' }).expect(403);
    const early = await agents.chair.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve' }).expect(409);
    expect(early.body.message).toMatch(/not open yet/);

    await agents.owner.post(`${base}/roles`).send({ personId: people.outsider.id, role: 'reference' }).expect(200);
    await agents.outsider.get(base).expect(200);
    await agents.member.post(`${base}/roles`).send({ personId: people.outsider.id, role: 'owner' }).expect(403);

    const view = await agents.owner.get(base).expect(200);
    expectAgreement(view.body.live, view.body);
    expect(view.body.assignments.find((x: { id: string }) => x.id === assignmentId)).toMatchObject({
      status: 'done',
      dueDate: testDate('06-15'),
      originalDueDate: testDate('05-31'),
      responsibleId: people.headTeacher.id,
      comment: 'Klar',
      expectedEffect: 'Tidigare insatser vid frånvaro',
    });

    const history = await agents.politician.get(`${base}/history`).expect(200);
    const acts = history.body
      .filter((e: { subjectId: string }) => e.subjectId === assignmentId)
      .map((e: { type: string; actorId: string; data: Record<string, unknown> }) => [e.type, e.actorId, e.data]);
    expect(acts).toEqual([
      ['assignment_created', people.member.id, expect.objectContaining({ assignment: expect.objectContaining({ title: 'Kartlägg frånvaro per skolenhet' }) })],
      ['status_recorded', people.official.id, { assignmentId, from: 'remaining', to: 'in_progress', comment: 'Data från tre skolor' }],
      ['deadline_moved', people.owner.id, { assignmentId, from: testDate('05-31'), to: testDate('06-15'), original: testDate('05-31'), reason: 'Skolavslutningen krockar' }],
      ['assignment_reassigned', people.owner.id, { assignmentId, from: people.official.id, to: people.headTeacher.id }],
      ['assignment_completed', people.headTeacher.id, { assignmentId, from: 'in_progress', comment: 'Klar' }],
    ]);
    expect(history.body.map((e: { seq: number }) => e.seq)).toEqual(history.body.map((_: unknown, i: number) => i + 1));
  });

  it('lets owners add templates and new versions, which never change programmes already running', async () => {
    const listed = await agents.chair.get('/templates').expect(200);
    expect(listed.body.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['skr-fullfoljd-utbildning', 'verksamhetsplan-arscykel', 'natverksar']),
    );
    const shipped = (await agents.owner.get('/templates/skr-fullfoljd-utbildning').expect(200)).body.definition;
    const id = `egen-${run}`;
    const v1 = { ...shipped, id, version: 1, name: { sv: 'Eget program', en: 'Own programme' } };

    await agents.chair.post('/templates').send(v1).expect(403);
    const invalid = await agents.owner
      .post('/templates')
      .send({ ...v1, phases: v1.phases.map((p: { gate: unknown }, i: number) => (i === 0 ? { ...p, gate: { ...(p.gate as object), rule: 'quorum' } } : p)) })
      .expect(400);
    expect(invalid.body.errors).toEqual([{ field: 'phases[0].gate.quorum', message: expect.stringMatching(/required/) }]);
    expect((await agents.owner.get(`/templates/${id}`)).status).toBe(404);
    const huge = await agents.owner.post('/templates').send({ ...v1, version: 2147483648 }).expect(400);
    expect(huge.body.errors).toEqual([{ field: 'version', message: 'must be at most 1000000' }]);
    const badVersion = await agents.owner.get('/templates/skr-fullfoljd-utbildning/versions/99999999999').expect(400);
    expect(badVersion.body.errors).toEqual([{ field: 'version', message: 'must be a whole number from 1 to 1000000' }]);

    await agents.owner.post('/templates').send(v1).expect(201);
    const first = await agents.owner.post('/programmes').send(skr({ templateId: id })).expect(201);
    expect(first.body.programme).toMatchObject({ templateId: id, templateVersion: 1 });

    const renamed = v1.phases.map((p: { name: object }, i: number) => (i === 0 ? { ...p, name: { sv: 'Nulägesfas', en: 'Current state' } } : p));
    await agents.owner.post('/templates').send({ ...v1, version: 2, phases: renamed }).expect(201);
    await agents.owner.post('/templates').send({ ...v1, version: 2 }).expect(409);
    await agents.owner.post('/templates').send(v1).expect(409);

    const running = await agents.owner.get(`/programmes/${first.body.programme.id}`).expect(200);
    expect(running.body.programme.templateVersion).toBe(1);
    expect(running.body.phases[0].name.sv).toBe(v1.phases[0].name.sv);
    const second = await agents.owner.post('/programmes').send(skr({ templateId: id })).expect(201);
    expect(second.body.programme.templateVersion).toBe(2);
    expect(second.body.phases[0].name.sv).toBe('Nulägesfas');
    const pinned = await agents.owner.post('/programmes').send(skr({ templateId: id, templateVersion: 1 })).expect(201);
    expect(pinned.body.phases[0].name.sv).toBe(v1.phases[0].name.sv);
  });

  it('previews the whole plan and every reminder before anything starts, and lists what a running programme will still send', async () => {
    const before = await Promise.all(['programme', 'programme_event', 'assignment'].map(count));
    const res = await agents.owner
      .post('/programmes/preview')
      .send(skr({ reminderPolicy: { daysBefore: [5], sendAt: '07:30' } }))
      .expect(200);
    expect(await Promise.all(['programme', 'programme_event', 'assignment'].map(count))).toEqual(before);
    const { definition, reminders } = res.body as { definition: { assignments: Array<{ id: string; title: string }> }; reminders: Array<Record<string, unknown>> };
    expect(definition.assignments.length).toBeGreaterThan(3);
    const first = reminders.find((r) => r.kind === 'reminder' && (r.subject as { type: string }).type === 'item')!;
    expect(first).toMatchObject({ reminderKey: 'before-5', recipientIds: [expect.any(String)] });
    expect((first.at as string).endsWith(':30:00.000Z')).toBe(true); // 07:30 Stockholm time
    expect(reminders.some((r) => r.kind === 'escalation' && (r.recipientIds as string[]).includes(people.owner.id))).toBe(true);
    expect(reminders.some((r) => (r.subject as { type: string }).type === 'gate')).toBe(true);
    const bad = await agents.owner.post('/programmes/preview').send(skr({ reminderPolicy: { sendAt: '25:00' } })).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'reminderPolicy.sendAt', message: 'must be a time HH:mm' }]);
    await agents.chair.post('/programmes/preview').send(skr()).expect(403);

    const running = await agents.owner.get(`/programmes/${programmeId}/reminders`).expect(200);
    expect(running.body.length).toBeGreaterThan(0);
    expect(running.body.every((r: { at: string }) => r.at > new Date().toISOString())).toBe(true);
    // Others with a role see their own reminders only: the secretary her minutes, the reference group none.
    const own = (await agents.secretary.get(`/programmes/${programmeId}/reminders`).expect(200)).body as Array<{ recipientIds: string[] }>;
    expect(own.every((r) => r.recipientIds.includes(people.secretary.id))).toBe(true);
    expect(own.length).toBe((running.body as Array<{ recipientIds: string[] }>).filter((r) => r.recipientIds.includes(people.secretary.id)).length);
    expect((await agents.politician.get(`/programmes/${programmeId}/reminders`).expect(200)).body).toEqual([]);
    await agents.otherOwner.get(`/programmes/${programmeId}/reminders`).expect(403);
  });
});
