import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ServiceConfig } from '@fullfolj/config';
import { Person, ProgrammeReadModel } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { RunningWorker, sameOriginAgent, startTestWorker, TEST_YEAR, testConfig, testDate } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';
import { PeopleService } from '../people/people.service';
import type { ProgrammeReportView } from './exporters/programme-document';
import { FIXTURE_AS_OF, FIXTURE_PLAN } from './fixtures/follow-up-table.fixture';
import { binary, csvRows, openXlsx, pdfText, sheetRows, squash } from './fixtures/report-files';
import { stockholmToday } from './stockholm-today';

type Agent = ReturnType<typeof request.agent>;

// A programme run by a real worker on a real Temporal server: its lägesrapport and
// slutrapport are computed from its events, readable by everyone with a role in it.
describe('programme reports over HTTP', () => {
  const run = randomUUID().slice(0, 8);
  const password = 'ett-bra-lösenord';
  let config: ServiceConfig;
  let app: INestApplication;
  let worker: RunningWorker;
  const people: Record<string, Person> = {};
  const agents: Record<string, Agent> = {};
  let programmeId: string;
  let model: ProgrammeReadModel;

  beforeAll(async () => {
    config = testConfig();
    worker = await startTestWorker(config);
    app = await createApiApp(config);
    await app.init();
    const service = app.get(PeopleService);
    const make = async (key: string, name: string, canOwnProgrammes = false) => {
      people[key] = await service.create({ name, email: `${key}.${run}@kommun.example`, canOwnProgrammes, password });
      agents[key] = sameOriginAgent(app);
      await agents[key].post('/auth/login').send({ email: people[key].email, password }).expect(200);
    };
    await make('owner', 'Anna Lindqvist', true);
    await make('chair', 'Erik Johansson');
    await make('official', 'Maria Tjänsteperson');
    await make('secretary', 'Sara Ek');
    await make('politician', 'Karin Holm');
    await make('outsider', 'Nils Utomstående');

    programmeId = randomUUID();
    const started = await agents.owner
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
        steeringGroup: { chairId: people.chair.id, memberIds: [] },
        referenceGroupIds: [people.politician.id],
        secretaryId: people.secretary.id,
        responsibles: { officials: people.official.id, head_teachers: people.official.id },
      })
      .expect(201);
    model = started.body;
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
  });

  it('reports phases, meetings and minutes, assignments with status and deadline history, as JSON', async () => {
    const base = `/programmes/${programmeId}`;
    const assignment = model.assignments.find((a) => a.kind === 'assignment' && a.responsibleId === people.official.id)!;
    const minutes = model.assignments.find((a) => a.kind === 'minutes')!;
    expect(assignment).toBeDefined();
    expect(minutes).toBeDefined();
    await agents.official.post(`${base}/assignments/${assignment.id}/status`).send({ status: 'in_progress', comment: 'Underlag insamlat' }).expect(200);
    const newDue = addDays(assignment.dueDate, 14);
    await agents.owner.post(`${base}/assignments/${assignment.id}/deadline`).send({ dueDate: newDue, reason: 'Sportlovet' }).expect(200);
    await agents.owner.post(`${base}/assignments/${minutes.id}/complete`).send({ comment: 'Justerat protokoll' }).expect(200);

    const res = await agents.politician.get(`${base}/reports/status`).expect(200);
    const report = res.body as ProgrammeReportView;
    expect(report.kind).toBe('status');
    expect(report.asOf).toBe(stockholmToday());
    expect(report.title).toMatch(/^Lägesrapport: Fullföljd utbildning/);
    expect(report.programme).toMatchObject({ id: programmeId, ownerName: 'Anna Lindqvist', startDate: testDate('01-04') });
    expect(report.phases.map((p) => p.key)).toEqual(model.phases.map((p) => p.key));
    expect(report.phases.map((p) => [p.startDate, p.endDate])).toEqual(model.phases.map((p) => [p.startDate, p.endDate]));
    expect(report.meetings.map((m) => m.date)).toEqual(model.meetings.map((m) => m.date).sort());
    const kickoff = report.meetings.find((m) => m.minutes?.assignmentId === minutes.id)!;
    expect(kickoff.minutes).toMatchObject({ received: true });
    const reported = report.assignments.find((a) => a.id === assignment.id)!;
    expect(reported).toMatchObject({ status: 'in_progress', comment: 'Underlag insamlat', dueDate: newDue, originalDueDate: assignment.dueDate, responsibleName: 'Maria Tjänsteperson' });
    expect(reported.deadlineChanges).toEqual([
      { at: expect.any(String), from: assignment.dueDate, to: newDue, reason: 'Sportlovet', byId: people.owner.id, byName: 'Anna Lindqvist' },
    ]);
    expect(report.summary).toMatchObject({ assignments: model.assignments.length, deadlineChanges: 1, assignmentsWithMovedDeadline: 1, meetings: model.meetings.length });
    expect(report.summary.sentences).toContain('Slutdatum har flyttats 1 gång, för 1 uppdrag.');
    expect(report.followUp).toEqual([]);

    const final = await agents.chair.get(`${base}/reports/final`).query({ lang: 'en' }).expect(200);
    expect(final.body.title).toMatch(/^Final report: Fullföljd utbildning/);
    expect(final.body.assignments).toEqual(report.assignments.map((a) => ({ ...a, statusLabel: expect.any(String) })));
  });

  it('includes the follow-up of a linked plan, and exports CSV, XLSX and PDF with the same content', async () => {
    const plan = await agents.owner
      .post('/follow-up/plans')
      .send({ ...FIXTURE_PLAN, name: `Plan kopplad ${run}`, programmeId })
      .expect(201);
    const csv = ['Perspektiv;Nämndmål;Aktivitet;Nämnd;Slutfört;Status', 'Medborgare;Fler elever ska fullfölja;Kartlägga frånvaro;BiN;December*;Pågår'].join('\n');
    await agents.owner.post(`/follow-up/plans/${plan.body.id}/imports`).field('asOf', FIXTURE_AS_OF).attach('file', Buffer.from(csv), 'plan.csv').expect(200);

    const base = `/programmes/${programmeId}/reports/status`;
    const json = (await agents.politician.get(base).expect(200)).body as ProgrammeReportView;
    expect(json.followUp).toHaveLength(1);
    expect(json.followUp[0].rows).toEqual([expect.objectContaining({ activity: 'Kartlägga frånvaro', dueLabel: 'December*', statusLabel: 'Pågående' })]);

    const xlsx = await agents.politician.get(base).query({ format: 'xlsx' }).buffer(true).parse(binary).expect(200);
    const workbook = await openXlsx(xlsx.body as Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Sammanfattning',
      'Faser',
      'Beslut vid beslutspunkter',
      'Möten och protokoll',
      'Uppdrag',
      'Ändrade slutdatum',
      'Kopplade aktiviteter',
      'Data',
    ]);
    const flat = (rows: string[][]) => rows.map((r) => r.filter((c) => c !== '').join(' | '));
    expect(flat(sheetRows(workbook.getWorksheet('Sammanfattning')!))).toEqual(expect.arrayContaining([json.title, ...json.summary.sentences]));
    const assignments = sheetRows(workbook.getWorksheet('Uppdrag')!);
    for (const a of json.assignments) expect(assignments.some((r) => r[0] === a.title && r[5] === a.statusLabel)).toBe(true);
    const moved = json.assignments.find((a) => a.deadlineChanges.length > 0)!;
    expect(sheetRows(workbook.getWorksheet('Ändrade slutdatum')!)).toEqual(
      expect.arrayContaining([[moved.title, expect.any(String), moved.originalDueDate, moved.dueDate, 'Sportlovet', 'Anna Lindqvist']]),
    );
    expect(flat(sheetRows(workbook.getWorksheet('Kopplade aktiviteter')!))).toEqual(
      expect.arrayContaining(['Kartlägga frånvaro | BiN | December* | Pågående']),
    );

    const csvExport = await agents.politician.get(base).query({ format: 'csv' }).expect(200);
    const rows = csvRows(csvExport.text);
    expect(rows[0]).toEqual(['Avsnitt', 'Namn', 'Fas', 'Datum', 'Slutdatum', 'Ursprungligt slutdatum', 'Status', 'Person', 'Kommentar', 'Detaljer']);
    expect(rows.filter((r) => r[1] === moved.title)[0]).toEqual(expect.arrayContaining([moved.dueDate, moved.originalDueDate, expect.stringContaining('Sportlovet')]));

    const pdf = await agents.politician.get(base).query({ format: 'pdf' }).buffer(true).parse(binary).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    const all = squash(text.text.join(' '));
    for (const sentence of json.summary.sentences) expect(all).toContain(squash(sentence));
    for (const a of json.assignments) expect(all).toContain(squash(a.title));
    expect(all).toContain(squash('Sportlovet'));
    expect(all).toContain(squash('Kartlägga frånvaro'));
    expect(text.text[0]).toContain('Exempelkommun');
    expect(text.text[text.text.length - 1]).toContain(`Sida ${text.pages}`);
  });

  it('is for those with a role in the programme; bad input is a 4xx naming the field', async () => {
    const base = `/programmes/${programmeId}/reports`;
    await agents.outsider.get(`${base}/status`).expect(403);
    await agents.outsider.get(`${base}/final`).expect(403);
    await agents.owner.get(`/programmes/${randomUUID()}/reports/status`).expect(404);
    const malformed = await agents.owner.get('/programmes/nej/reports/status').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    const early = await agents.owner.get(`${base}/status`).query({ asOf: addDays(stockholmToday(), -400) }).expect(400);
    expect(early.body.errors[0]).toMatchObject({ field: 'asOf', message: expect.stringContaining('before the programme was started') });
    for (const [query, field] of [
      [{ asOf: '2027-02-30' }, 'asOf'],
      [{ format: 'doc' }, 'format'],
      [{ board: 'BiN' }, 'board'],
    ] as const) {
      const r = await agents.owner.get(`${base}/status`).query(query);
      expect({ status: r.status, field: r.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    await request(app.getHttpServer()).get(`${base}/status`).expect(401);
  });
});
