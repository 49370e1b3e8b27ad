import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FollowUpRepository, Person } from '@fullfolj/database';
import { STATUS_KEYS, type FollowUpReport, type FollowUpReportRow } from '@fullfolj/domain';
import { sameOriginAgent, testConfig, testServices } from '@fullfolj/testing';
import { createApiApp } from '../bootstrap';
import { PeopleService } from '../people/people.service';
import { flatCells } from './exporters/follow-up-document';
import { BROKEN_ROW, BROKEN_VALUE, FIXTURE_AS_OF, FIXTURE_PLAN, fixtureCsv, fixtureRows, HEADINGS, type FixtureRow } from './fixtures/follow-up-table.fixture';
import { binary, csvRows, openXlsx, pdfText, sheetRows, squash } from './fixtures/report-files';
import { stockholmToday } from './stockholm-today';

type Agent = ReturnType<typeof request.agent>;
const fixtures = path.join(__dirname, 'fixtures');
const CSV = readFileSync(path.join(fixtures, 'follow-up-2022-08-31.csv'));
const XLSX = readFileSync(path.join(fixtures, 'follow-up-2022-08-31.xlsx'));
const BROKEN = readFileSync(path.join(fixtures, 'follow-up-2022-08-31-broken-row.csv'));

const STATUS_SV: Record<string, string> = { done: 'Genomfört', in_progress: 'Pågående', remaining: 'Kvarstår', paused: 'Pausad', postponed: 'Förskjuten' };

/** A row as the report must show it, from the fixture's own answer. */
function expectedRow(r: FixtureRow['expected']) {
  return [r.perspective ?? '', r.municipalGoal ?? '', r.boardGoal ?? '', r.strategicAssignment ?? '', r.activity, r.boards.join(', '), r.dueLabel, STATUS_SV[r.status], r.comment ?? ''];
}
const sorted = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();
const shown = (row: FollowUpReportRow) => flatCells(row).slice(0, 9);

function expectedCounts(rows: Array<FixtureRow['expected']>) {
  const byStatus = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0]));
  for (const r of rows) byStatus[r.status] += 1;
  return {
    total: rows.length,
    byStatus,
    movedWithinYear: rows.filter((r) => r.movement === 'within_year').length,
    movedToLaterYear: rows.filter((r) => r.movement === 'later_year').length,
    movedEarlier: 0,
  };
}

// Through the HTTP API, against a real PostgreSQL: import the 121-row table of the format the
// boards use, report it as of its date, prove re-imports and later changes never alter an
// earlier date's answer, and open the exports with other programs.
describe('follow-up plans and reports over HTTP', () => {
  const run = randomUUID().slice(0, 8);
  const password = 'ett-bra-lösenord';
  let app: INestApplication;
  let repository: FollowUpRepository;
  const people: Record<string, Person> = {};
  const agents: Record<string, Agent> = {};
  let planId: string;
  let atCutOff: FollowUpReport;

  const createPlan = async (overrides: Record<string, unknown> = {}) =>
    (await agents.owner.post('/follow-up/plans').send({ ...FIXTURE_PLAN, name: `${FIXTURE_PLAN.name} ${run}`, ...overrides }).expect(201)).body as { id: string };
  const importFile = (id: string, file: Buffer, name: string, asOf = FIXTURE_AS_OF, agent = agents.owner) =>
    agent.post(`/follow-up/plans/${id}/imports`).field('asOf', asOf).attach('file', file, name);
  const report = async (id: string, query: Record<string, string>) =>
    (await agents.reader.get(`/follow-up/plans/${id}/report`).query(query).expect(200)).body as FollowUpReport;
  const download = (id: string, query: Record<string, string>) =>
    agents.reader.get(`/follow-up/plans/${id}/report`).query(query).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    app = await createApiApp(testConfig({ DATA_DIR: path.join(testServices().scratchDir, `follow-up-${run}`) }));
    await app.init();
    repository = app.get(FollowUpRepository);
    const service = app.get(PeopleService);
    people.owner = await service.create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, password });
    people.reader = await service.create({ name: 'Karin Holm', email: `reader.${run}@kommun.example`, password });
    for (const key of ['owner', 'reader']) {
      agents[key] = sameOriginAgent(app);
      await agents[key].post('/auth/login').send({ email: people[key].email, password }).expect(200);
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates a plan for a year and two boards, idempotently, and only for those who may own programmes', async () => {
    const id = randomUUID();
    const body = { ...FIXTURE_PLAN, id, name: `Plan ${run}` };
    const created = await agents.owner.post('/follow-up/plans').send(body).expect(201);
    expect(created.body).toMatchObject({ id, year: 2022, municipality: 'Exempelkommun', boards: FIXTURE_PLAN.boards, createdBy: people.owner.id });
    await agents.owner.post('/follow-up/plans').send(body).expect(200);
    const taken = await agents.owner.post('/follow-up/plans').send({ ...body, year: 2023 }).expect(409);
    expect(taken.body.errors).toEqual([{ field: 'id', message: 'is already used by a different plan' }]);

    await agents.reader.post('/follow-up/plans').send({ ...body, id: randomUUID() }).expect(403);
    await request(app.getHttpServer()).post('/follow-up/plans').send(body).expect(401);
    for (const [change, field] of [
      [{ boards: [] }, 'boards'],
      [{ boards: [{ code: 'BiN', name: 'Bildningsnämnden' }, { code: 'bin', name: 'Annan' }] }, 'boards[1].code'],
      [{ boards: [{ code: '', name: 'x' }] }, 'boards.0.code'],
      [{ year: 'tjugotjugotvå' }, 'year'],
      [{ municipality: '  ' }, 'municipality'],
      [{ programmeId: 'abc' }, 'programmeId'],
      [{ id: 'abc' }, 'id'],
      [{ budget: 1 }, 'budget'],
    ] as const) {
      const res = await agents.owner.post('/follow-up/plans').send({ ...body, id: randomUUID(), ...change });
      expect({ status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    await agents.reader.get(`/follow-up/plans/${id}`).expect(200);
    await agents.reader.get(`/follow-up/plans/${randomUUID()}`).expect(404);
    const malformed = await agents.reader.get('/follow-up/plans/inte-ett-id').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('imports a 121-row follow-up table and reports it as of its date: every row, the counts per status and of moved deadlines', async () => {
    planId = (await createPlan()).id;
    const res = await importFile(planId, CSV, 'uppföljning.csv').expect(200);
    const expected = fixtureRows().map((r) => r.expected);
    expect(res.body).toMatchObject({ planId, format: 'csv', headerRow: 1, rows: expected.length, created: expected.length, changed: 0, unchanged: 0, notInFile: 0 });
    expect(typeof res.body.importId).toBe('string');

    atCutOff = await report(planId, { asOf: FIXTURE_AS_OF });
    expect(atCutOff.rows).toHaveLength(expected.length);
    expect(sorted(atCutOff.rows.map(shown))).toEqual(sorted(expected.map(expectedRow)));
    expect(atCutOff.rows.map((r) => r.movement).filter(Boolean).sort()).toEqual(expected.map((r) => r.movement).filter(Boolean).sort());
    const { sentences, ...counts } = atCutOff.summary;
    expect(counts).toEqual(expectedCounts(expected));
    const c = expectedCounts(expected);
    expect(sentences[0]).toBe(`Uppföljningen per den 31 augusti 2022 omfattar ${expected.length} aktiviteter.`);
    expect(sentences[2]).toBe(`${c.movedWithinYear} aktiviteter har flyttats till ett senare datum under året och ${c.movedToLaterYear} har förskjutits till ett senare år.`);
    expect(atCutOff.plan).toMatchObject({ municipality: 'Exempelkommun', year: 2022 });

    // Grouped: each goal's activities stand together, goals in the order the table has them.
    const paths = atCutOff.rows.map((r) => [r.perspective, r.municipalGoal, r.boardGoal, r.strategicAssignment].join(' > '));
    const runs = paths.filter((p, i) => i === 0 || p !== paths[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    expect([...new Set(atCutOff.rows.map((r) => r.perspective))]).toEqual(['Samhälle', 'Medborgare', 'Ekonomi', 'Verksamhet', 'Medarbetare']);

    const listed = await agents.owner.get('/follow-up/plans').expect(200);
    expect(listed.body.find((p: { id: string }) => p.id === planId)).toMatchObject({ activities: expected.length, lastEffectiveOn: FIXTURE_AS_OF, year: 2022 });

    // Nothing existed the day before; one board's report has that board's rows only.
    expect((await report(planId, { asOf: '2022-08-30' })).rows).toEqual([]);
    const bou = await report(planId, { asOf: FIXTURE_AS_OF, board: 'bou' });
    expect(bou.board).toEqual({ code: 'BoU', name: 'Barn- och ungdomsnämnden' });
    expect(bou.rows.length).toBe(expected.filter((r) => r.boards.includes('BoU')).length);
    expect(bou.summary.sentences[0]).toContain('för Barn- och ungdomsnämnden (BoU)');
  });

  it('stores nothing of an import with one broken row, and names the row, column, value and reason', async () => {
    const fresh = (await createPlan()).id;
    const res = await importFile(fresh, BROKEN, 'trasig.csv').expect(400);
    expect(res.body.errors).toEqual([
      { field: `row ${BROKEN_ROW}: Slutfört`, row: BROKEN_ROW, column: 'Slutfört', value: BROKEN_VALUE, message: expect.stringMatching(/^"novembr" is not a month: must be a month/) },
    ]);
    expect(res.body.message).toMatch(/^the import was not stored: 1 problem \(row 58: Slutfört/);
    expect(await repository.counts(fresh)).toEqual({ activities: 0, events: 0, imports: 0 });

    const before = await repository.counts(planId);
    await importFile(planId, BROKEN, 'trasig.csv').expect(400);
    expect(await repository.counts(planId)).toEqual(before);
    expect(await report(planId, { asOf: FIXTURE_AS_OF })).toEqual(atCutOff);
  });

  it('changes nothing when the same table is imported again, as CSV or as XLSX', async () => {
    const before = await repository.counts(planId);
    const again = await importFile(planId, CSV, 'uppföljning.csv').expect(200);
    expect(again.body).toMatchObject({ importId: null, created: 0, changed: 0, unchanged: 121, changes: 0 });
    const asXlsx = await importFile(planId, XLSX, 'uppföljning.xlsx').expect(200);
    expect(asXlsx.body).toMatchObject({ importId: null, format: 'xlsx', headerRow: 3, created: 0, changed: 0, unchanged: 121 });
    // The adopted plan alone (no Status, no Kommentar) does not erase the follow-up either.
    const planOnly = fixtureRows().map((r) => r.cells.slice(0, 7).map((c) => `"${c.replace(/"/g, '""')}"`).join(';'));
    const adopted = await importFile(planId, Buffer.from([HEADINGS.slice(0, 7).join(';'), ...planOnly].join('\r\n')), 'plan.csv').expect(200);
    expect(adopted.body).toMatchObject({ importId: null, created: 0, changed: 0, unchanged: 121 });
    expect(await repository.counts(planId)).toEqual(before);
    expect(await report(planId, { asOf: FIXTURE_AS_OF })).toEqual(atCutOff);

    // The XLSX on its own gives the same report as the CSV.
    const other = (await createPlan()).id;
    await importFile(other, XLSX, 'uppföljning.xlsx').expect(200);
    const fromXlsx = await report(other, { asOf: FIXTURE_AS_OF });
    expect(fromXlsx.rows.map(shown)).toEqual(atCutOff.rows.map(shown));
    expect(fromXlsx.summary).toEqual(atCutOff.summary);
  });

  it('refuses bad files and bad dates with 4xx naming the field', async () => {
    const res = await agents.owner.post(`/follow-up/plans/${planId}/imports`).field('asOf', FIXTURE_AS_OF).expect(400);
    expect(res.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('is required') }]);
    const noDate = await agents.owner.post(`/follow-up/plans/${planId}/imports`).attach('file', CSV, 'a.csv').expect(400);
    expect(noDate.body.errors[0].field).toBe('asOf');
    const badDate = await importFile(planId, CSV, 'a.csv', '2022-02-30').expect(400);
    expect(badDate.body.errors).toEqual([{ field: 'asOf', message: 'must be a calendar date YYYY-MM-DD' }]);
    const future = await importFile(planId, CSV, 'a.csv', '2099-01-01').expect(400);
    expect(future.body.errors[0]).toMatchObject({ field: 'asOf', message: expect.stringContaining('future') });
    const notCsv = await importFile(planId, Buffer.from('PK\u0003\u0004trasig zip'), 'a.xlsx').expect(400);
    expect(notCsv.body.errors[0].field).toBe('file');
    const noColumns = await importFile(planId, Buffer.from('Namn;Datum\nx;y\n'), 'a.csv').expect(400);
    expect(noColumns.body.errors[0]).toMatchObject({ row: 1, column: 'Aktivitet', message: expect.stringContaining('no heading row found') });
    await importFile(planId, CSV, 'a.csv', FIXTURE_AS_OF, agents.reader).expect(403);
    await importFile(randomUUID(), CSV, 'a.csv').expect(404);

    for (const [query, field] of [
      [{ asOf: '2022-13-01' }, 'asOf'],
      [{ format: 'odt' }, 'format'],
      [{ lang: 'de' }, 'lang'],
      [{ board: 'KS' }, 'board'],
      [{ sort: 'x' }, 'sort'],
    ] as const) {
      const r = await agents.reader.get(`/follow-up/plans/${planId}/report`).query(query);
      expect({ status: r.status, field: r.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    await agents.reader.get(`/follow-up/plans/${randomUUID()}/report`).expect(404);
    await request(app.getHttpServer()).get(`/follow-up/plans/${planId}/report`).expect(401);
  });

  it('exports XLSX, CSV and PDF that hold what the JSON holds', async () => {
    const json = atCutOff;
    const expectedFlat = json.rows.map(flatCells);

    // XLSX: a spreadsheet library reads the flat sheet back as the JSON rows, and the formatted sheet holds every activity under its headings.
    const xlsx = await download(planId, { asOf: FIXTURE_AS_OF, format: 'xlsx' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain('uppfoljning-verksamhetsplan-2022');
    const workbook = await openXlsx(xlsx.body as Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Uppföljning', 'Data']);
    const data = sheetRows(workbook.getWorksheet('Data')!);
    expect(data[0]).toEqual(['Perspektiv', 'Kommunövergripande mål', 'Nämndmål', 'Strategiskt utvecklingsuppdrag', 'Aktivitet', 'Nämnd', 'Slutfört', 'Status', 'Kommentar', 'Id']);
    expect(data.slice(1)).toEqual(expectedFlat);
    const formatted = sheetRows(workbook.getWorksheet('Uppföljning')!);
    const text = formatted.map((r) => r.filter((c) => c !== '').join(' | '));
    expect(text).toEqual(expect.arrayContaining(['Exempelkommun', json.title, 'Per den 31 augusti 2022', ...json.summary.sentences]));
    expect(formatted).toEqual(expect.arrayContaining([['Antal aktiviteter', String(json.summary.total)], ['Genomfört', String(json.summary.byStatus.done)]]));
    expect(formatted).toEqual(expect.arrayContaining([['Flyttade till senare datum under året', String(json.summary.movedWithinYear)], ['Förskjutna till ett senare år', String(json.summary.movedToLaterYear)]]));
    const activityRows = formatted.filter((r) => r.length >= 5 && json.rows.some((j) => j.activity === r[0] && j.dueLabel === r[2]));
    expect(activityRows.map((r) => r.slice(0, 5))).toEqual(json.rows.map((r) => [r.activity, r.boards.join(', '), r.dueLabel, r.statusLabel, r.comment ?? '']));
    expect(text.filter((t) => t.startsWith('Perspektiv: ')).map((t) => t.split(' | ')[0])).toEqual([
      'Perspektiv: Samhälle',
      'Perspektiv: Medborgare',
      'Perspektiv: Ekonomi',
      'Perspektiv: Verksamhet',
      'Perspektiv: Medarbetare',
    ]);
    expect(json.rows.some((r) => r.dueLabel.endsWith('*'))).toBe(true);

    // CSV: the same rows; and it imports again as the same plan.
    const csv = await agents.reader.get(`/follow-up/plans/${planId}/report`).query({ asOf: FIXTURE_AS_OF, format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const csvData = csvRows(csv.text);
    expect(csvData.slice(1)).toEqual(expectedFlat);
    const roundTrip = (await createPlan()).id;
    await importFile(roundTrip, Buffer.from(csv.text), 'export.csv').expect(200);
    expect((await report(roundTrip, { asOf: FIXTURE_AS_OF })).rows.map(shown)).toEqual(json.rows.map(shown));

    // PDF: A4, the header on every page, page numbers, and every row and count in its text.
    const pdf = await download(planId, { asOf: FIXTURE_AS_OF, format: 'pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const extracted = await pdfText(pdf.body as Buffer);
    expect(extracted.pages).toBeGreaterThan(3);
    expect(extracted.info.Title).toBe(json.title);
    extracted.text.forEach((page, i) => {
      expect(page).toContain('Exempelkommun');
      expect(page).toContain('Bildningsnämnden (BiN), Barn- och ungdomsnämnden (BoU)');
      expect(page).toContain('Per den 31 augusti 2022');
      expect(page).toContain(`Sida ${i + 1}`);
    });
    const all = squash(extracted.text.join(' '));
    for (const sentence of json.summary.sentences) expect(all).toContain(squash(sentence));
    for (const row of json.rows) {
      expect(all).toContain(squash([row.activity, row.boards.join(', '), row.dueLabel, row.statusLabel, row.comment ?? ''].join('')));
    }
    for (const status of ['Genomfört', 'Pågående', 'Kvarstår', 'Pausad', 'Förskjuten']) expect(all).toContain(squash(status));

    // In English, for one board.
    const en = await report(planId, { asOf: FIXTURE_AS_OF, board: 'BiN', lang: 'en' });
    expect(en.title).toBe(`Follow-up of ${json.plan.name} as of 31 August 2022, Bildningsnämnden`);
    expect(en.rows.every((r) => r.boards.includes('BiN'))).toBe(true);
    const enPdf = await pdfText((await download(planId, { asOf: FIXTURE_AS_OF, board: 'BiN', lang: 'en', format: 'pdf' })).body as Buffer);
    expect(enPdf.text[0]).toContain('As of 31 August 2022');
    expect(enPdf.text[0]).toContain('Page 1');
  });

  it('keeps the report for an earlier date unchanged when statuses and deadlines change later', async () => {
    const rows = fixtureRows();
    const find = (activityRow: FixtureRow) =>
      atCutOff.rows.find((r) => r.activity === activityRow.expected.activity && r.boardGoal === activityRow.expected.boardGoal && r.strategicAssignment === activityRow.expected.strategicAssignment)!;

    // A later follow-up table (as of 31 December): some done, one moved within the year, one postponed.
    const later = fixtureRows();
    const key = (r: FixtureRow) => [r.expected.activity, r.expected.boardGoal, r.expected.strategicAssignment].join('|');
    const unique = (r: FixtureRow) => later.filter((x) => key(x) === key(r)).length === 1;
    const open = later.map((r, i) => [r, i] as const).filter(([r]) => unique(r) && r.expected.status === 'in_progress' && r.expected.movement === null && !/[*]/.test(r.cells[6]));
    const [[doneRow], [movedRow], [postponedRow]] = [open[0], open[1], open[2]];
    doneRow.cells[7] = 'Genomfört';
    movedRow.cells[6] = 'December*';
    postponedRow.cells[6] = 'Förskjuts till 2023';
    postponedRow.cells[7] = 'Förskjuten';
    const imported = await importFile(planId, Buffer.from(fixtureCsv(later)), 'uppföljning-december.csv', '2022-12-31').expect(200);
    expect(imported.body).toMatchObject({ created: 0, changed: 3, unchanged: rows.length - 3 });

    // Then, today, changes through the API.
    const target = find(rows.find((r) => unique(r) && r.expected.status === 'remaining' && r.expected.movement === null)!);
    const base = `/follow-up/plans/${planId}/activities/${target.activityId}`;
    await agents.reader.post(`${base}/status`).send({ status: 'done' }).expect(403);
    const bad = await agents.owner.post(`${base}/status`).send({ status: 'nästan klar' }).expect(400);
    expect(bad.body.errors[0].field).toBe('status');
    const status = await agents.owner.post(`${base}/status`).send({ status: 'Pågår', comment: 'Startade efter sommaren' }).expect(200);
    expect(status.body.changes.map((c: { type: string }) => c.type)).toEqual(['status_changed', 'comment_changed']);
    expect(status.body).toMatchObject({ effectiveOn: stockholmToday(), activity: { status: 'in_progress', comment: 'Startade efter sommaren' } });
    const noReason = await agents.owner.post(`${base}/deadline`).send({ due: 'Förskjuts till 2023' }).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const badDue = await agents.owner.post(`${base}/deadline`).send({ due: 'snart', reason: 'x' }).expect(400);
    expect(badDue.body.errors[0].field).toBe('due');
    const moved = await agents.owner.post(`${base}/deadline`).send({ due: 'Förskjuts till hösten 2023', reason: 'Personalbrist' }).expect(200);
    expect(moved.body.activity).toMatchObject({ dueLabel: 'Förskjuts till hösten 2023', moved: true });
    await agents.owner.post(`${base}/comment`).send({ comment: 'Ny plan tas fram' }).expect(200);
    const same = await agents.owner.post(`${base}/comment`).send({ comment: 'Ny plan tas fram' }).expect(200);
    expect(same.body.changes).toEqual([]);
    const future = await agents.owner.post(`${base}/comment`).send({ comment: 'x', effectiveOn: '2099-01-01' }).expect(400);
    expect(future.body.errors[0].field).toBe('effectiveOn');
    const backdated = await agents.owner.post(`${base}/comment`).send({ comment: 'x', effectiveOn: '2022-09-01' }).expect(409);
    expect(backdated.body.errors[0].field).toBe('effectiveOn');
    await agents.owner.post(`/follow-up/plans/${planId}/activities/${randomUUID()}/comment`).send({ comment: 'x' }).expect(404);
    await agents.owner.post(`/follow-up/plans/${planId}/activities/nej/comment`).send({ comment: 'x' }).expect(400);
    // History may not be rewritten behind recorded changes.
    const rewrite = await importFile(planId, CSV, 'uppföljning.csv', '2022-10-01').expect(409);
    expect(rewrite.body.errors[0].field).toBe('asOf');

    // The earlier date's answer is exactly what it was.
    expect(await report(planId, { asOf: FIXTURE_AS_OF })).toEqual(atCutOff);
    const xlsxNow = sheetRows((await openXlsx((await download(planId, { asOf: FIXTURE_AS_OF, format: 'xlsx' })).body as Buffer)).getWorksheet('Data')!);
    expect(xlsxNow.slice(1)).toEqual(atCutOff.rows.map(flatCells));

    // 31 December shows the table of that date.
    const december = await report(planId, { asOf: '2022-12-31' });
    const at = (r: FixtureRow, rep: FollowUpReport) => rep.rows.find((x) => x.activityId === find(r).activityId)!;
    expect(at(doneRow, december)).toMatchObject({ status: 'done' });
    expect(at(movedRow, december)).toMatchObject({ dueLabel: 'December*', movement: 'within_year' });
    expect(at(postponedRow, december)).toMatchObject({ dueLabel: 'Förskjuts till 2023', status: 'postponed', movement: 'later_year' });
    expect(at(rows.find((r) => r.expected.activity === target.activity && r.expected.boardGoal === target.boardGoal)!, december)).toMatchObject({ status: 'remaining' });
    expect(december.summary.byStatus.done).toBe(atCutOff.summary.byStatus.done + 1);
    expect(december.summary.movedWithinYear).toBe(atCutOff.summary.movedWithinYear + 1);
    expect(december.summary.movedToLaterYear).toBe(atCutOff.summary.movedToLaterYear + 1);

    // Today shows the API's changes too.
    const today = await report(planId, { asOf: stockholmToday() });
    expect(today.rows.find((r) => r.activityId === target.activityId)).toMatchObject({
      status: 'in_progress',
      comment: 'Ny plan tas fram',
      dueLabel: 'Förskjuts till hösten 2023',
      movement: 'later_year',
    });
    expect(today.summary.movedToLaterYear).toBe(december.summary.movedToLaterYear + 1);

    // Every change is in the activity's history, with who and when.
    const history = await agents.reader.get(`${base}/history`).expect(200);
    expect(history.body.map((e: { type: string; effectiveOn: string }) => [e.type, e.effectiveOn])).toEqual([
      ['created', FIXTURE_AS_OF],
      ['status_changed', stockholmToday()],
      ['comment_changed', stockholmToday()],
      ['deadline_moved', stockholmToday()],
      ['comment_changed', stockholmToday()],
    ]);
    expect(history.body[3]).toMatchObject({ actorName: 'Anna Lindqvist', data: { reason: 'Personalbrist', moved: true } });
  });
});
