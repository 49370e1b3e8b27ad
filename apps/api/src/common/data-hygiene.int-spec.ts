import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { ApiStack, countRows, eventually, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';
import { FIXTURE_AS_OF, FIXTURE_PLAN } from '../follow-up/fixtures/follow-up-table.fixture';
import { csvRows } from '../follow-up/fixtures/report-files';

/** Every cell of a comma-separated CSV (rows may differ in length). */
const csvCells = (text: string): string[] => {
  const rows: string[][] = parse(text, { bom: true, relax_column_count: true });
  return rows.flat();
};
import { ZIP_LIMITS } from '../follow-up/zip-limits';
import { UNKNOWN_ROUTE_BODY } from './unknown-route.filter';

// Input and output hygiene on the real stack (PostgreSQL, Temporal and a worker): what a
// spreadsheet would run, what would make text read differently, absurd dates, and 404s
// that echo the path.
describe('data hygiene over HTTP', () => {
  const FORMULA = '=HYPERLINK("http://x","y")';
  const FORMULA_START = /^[=+\-@\t\r]/;
  let stack: ApiStack;
  let programmeId: string;
  let assignmentId: string;
  const http = () => request(stack.app.getHttpServer());

  const startBody = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    templateId: 'skr-fullfoljd-utbildning',
    name: `Fullföljd utbildning ${TEST_YEAR}`,
    programmeStart: testDate('01-04'),
    steeringGroup: { chairId: stack.people.chair.id, memberIds: [] },
    responsibles: { officials: stack.people.official.id, head_teachers: stack.people.official.id },
    ...overrides,
  });

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    // Someone whose very name is a formula owns the programme, so it is the audit trail's actor.
    await stack.addPerson('evil', FORMULA, { canOwnProgrammes: true });

    const start = startBody({ name: FORMULA });
    programmeId = start.id;
    await stack.agents.evil.post('/programmes').send(start).expect(201);
    const created = await stack.agents.evil
      .post(`/programmes/${programmeId}/assignments`)
      .send({ phaseKey: 'forberedelse', title: '+SUM(1;2)', responsibleId: stack.people.official.id, dueDate: testDate('02-10') });
    expect(created.status).toBe(201);
    assignmentId = created.body.id;
    await eventually(async () => expect(await countRows(stack.db, 'assignment', { id: assignmentId })).toBe(1));
  });
  afterAll(() => stack?.close());

  describe('CSV exports (finding 5)', () => {
    /** Every cell of a CSV: none may begin as a formula, and the formulas sent in are there as text. */
    const expectNoFormulas = (csv: string, escaped: string[]) => {
      const cells = csvRows(csv).flat();
      expect(cells.filter((c) => FORMULA_START.test(c))).toEqual([]);
      for (const text of escaped) expect(cells).toContain(`'${text}`);
    };

    it('the audit trail CSV escapes the name of an actor that is a formula', async () => {
      const res = await stack.agents.evil.get(`/programmes/${programmeId}/audit`).query({ format: 'csv' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      // The audit CSV is comma-separated.
      const cells = csvCells(res.text);
      expect(cells.filter((c) => FORMULA_START.test(c))).toEqual([]);
      expect(cells).toContain(`'${FORMULA}`);
    });

    it('the status report CSV escapes titles and comments', async () => {
      await stack.agents.official.post(`/programmes/${programmeId}/assignments/${assignmentId}/status`).send({ status: 'in_progress', comment: '@SUM(A1)' }).expect(200);
      await eventually(async () => {
        const res = await stack.agents.evil.get(`/programmes/${programmeId}/reports/status`).query({ format: 'csv' }).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expectNoFormulas(res.text, ['+SUM(1;2)', '@SUM(A1)']);
      });
    });

    it('the follow-up report CSV escapes imported activities and comments', async () => {
      const plan = await stack.agents.evil
        .post('/follow-up/plans')
        .send({ name: FORMULA, municipality: 'Exempelkommun', year: 2022, boards: [{ code: 'BiN', name: 'Bildningsnämnden' }] })
        .expect(201);
      const table = ['Perspektiv;Nämndmål;Aktivitet;Nämnd;Slutfört;Status;Kommentar', `Medborgare;-1+1;"${FORMULA.replace(/"/g, '""')}";BiN;December;Pågår;@cmd`].join('\n');
      await stack.agents.evil.post(`/follow-up/plans/${plan.body.id}/imports`).field('asOf', '2022-08-31').attach('file', Buffer.from(table), 'plan.csv').expect(200);
      const res = await stack.agents.evil.get(`/follow-up/plans/${plan.body.id}/report`).query({ asOf: '2022-08-31', format: 'csv' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expectNoFormulas(res.text, [FORMULA, '-1+1', '@cmd']);
    });
  });

  describe('XLSX zip bombs (finding 8)', () => {
    it('answers 413 to a small workbook that unpacks to more than an import reads, stores nothing, and still imports an ordinary one', async () => {
      // A real workbook whose sheet is tens of MB of one repeated row, packed to a few hundred KB.
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Data').addRow(['Aktivitet', 'Nämnd']);
      const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
      const row = '<row><c t="inlineStr"><is><t>Kartlägg frånvaro</t></is></c><c t="inlineStr"><is><t>BiN</t></is></c></row>';
      const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row.repeat(Math.ceil(ZIP_LIMITS.maxUnpackedBytes / row.length) + 1)}</sheetData></worksheet>`;
      zip.file('xl/worksheets/sheet1.xml', sheet);
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
      expect(bomb.length).toBeLessThan(1024 * 1024);

      const plan = await stack.agents.evil.post('/follow-up/plans').send({ ...FIXTURE_PLAN, name: `Plan ${stack.run}` }).expect(201);
      const imports = `/follow-up/plans/${plan.body.id}/imports`;
      const refused = await stack.agents.evil.post(imports).field('asOf', FIXTURE_AS_OF).attach('file', bomb, 'plan.xlsx').expect(413);
      expect(refused.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(refused.body.errors).toEqual([{ field: 'file', code: 'file_too_large_unpacked', message: 'unpacks to more than 32 MB, the most an import reads' }]);
      const empty = await stack.agents.evil.get(`/follow-up/plans/${plan.body.id}/report`).query({ asOf: FIXTURE_AS_OF }).expect(200);
      expect(empty.body.rows).toEqual([]);

      const xlsx = readFileSync(path.join(__dirname, '..', 'follow-up', 'fixtures', 'follow-up-2022-08-31.xlsx'));
      await stack.agents.evil.post(imports).field('asOf', FIXTURE_AS_OF).attach('file', xlsx, 'plan.xlsx').expect(200);
      const report = await stack.agents.evil.get(`/follow-up/plans/${plan.body.id}/report`).query({ asOf: FIXTURE_AS_OF }).expect(200);
      expect(report.body.rows.length).toBeGreaterThan(100);
    });
  });

  describe('spoofing characters and absurd dates (finding 13)', () => {
    it('refuses a programme whose name holds a bidi override, or that starts on 9999-12-31, and starts nothing', async () => {
      const bidi = startBody({ name: 'Fullföljd \u202Eexe.fdp' });
      const refused = await stack.agents.evil.post('/programmes').send(bidi).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'name', code: 'invalid_characters', message: 'must not contain invisible or direction-changing characters (U+202E)' }]);

      const absurd = startBody({ programmeStart: '9999-12-31' });
      const tooLate = await stack.agents.evil.post('/programmes').send(absurd).expect(400);
      expect(tooLate.body.errors).toEqual([{ field: 'programmeStart', code: 'date_out_of_range', message: 'must be a date from 2000-01-01 to 2100-12-31' }]);

      const listDate = startBody({ dates: { kickoff: testDate('01-27'), teamMeetings: ['9999-12-31'] } });
      const inList = await stack.agents.evil.post('/programmes').send(listDate).expect(400);
      expect(inList.body.errors).toEqual([expect.objectContaining({ field: 'dates.teamMeetings[0]', code: 'date_out_of_range' })]);

      for (const id of [bidi.id, absurd.id, listDate.id]) {
        expect(await countRows(stack.db, 'programme', { id })).toBe(0);
        await stack.agents.evil.get(`/programmes/${id}`).expect(404);
      }
    });

    it('refuses a status comment with a bidi override, and an assignment due 9999-12-31, writing nothing', async () => {
      const base = `/programmes/${programmeId}/assignments`;
      const refused = await stack.agents.official.post(`${base}/${assignmentId}/status`).send({ status: 'paused', comment: 'Klart\u2066 enligt plan\u2069' }).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'comment', code: 'invalid_characters' })]);
      const zwsp = await stack.agents.official.post(`${base}/${assignmentId}/status`).send({ status: 'paused', comment: 'Lars\u200BBerg' }).expect(400);
      expect(zwsp.body.errors).toEqual([expect.objectContaining({ field: 'comment', code: 'invalid_characters' })]);
      const absurd = await stack.agents.evil
        .post(base)
        .send({ phaseKey: 'forberedelse', title: 'Långt fram', responsibleId: stack.people.official.id, dueDate: '9999-12-31' })
        .expect(400);
      expect(absurd.body.errors).toEqual([expect.objectContaining({ field: 'dueDate', code: 'date_out_of_range' })]);

      // An accepted status after the refused ones: once it is in, the workflow has seen every
      // act before it, and the history holds only that one besides the earlier in_progress.
      await stack.agents.official.post(`${base}/${assignmentId}/status`).send({ status: 'remaining', comment: 'Klart 👩‍💻' }).expect(200);
      await eventually(async () => {
        const view = (await stack.agents.evil.get(`/programmes/${programmeId}`).expect(200)).body as { assignments: Array<{ id: string; status: string; comment: string | null }> };
        expect(view.assignments.find((a) => a.id === assignmentId)).toMatchObject({ status: 'remaining', comment: 'Klart 👩‍💻' });
      });
      const history = (await stack.agents.evil.get(`/programmes/${programmeId}/history`).expect(200)).body as Array<{ type: string; subjectId: string; data: unknown }>;
      const texts = JSON.stringify(history);
      expect(texts).not.toMatch(/[\u2066\u2069\u200B]/);
      expect(texts).not.toContain('paused');
      expect(texts).not.toContain('Långt fram');
    });
  });

  describe('unknown routes (finding 15)', () => {
    it('answer 404 with a fixed body that does not echo the path', async () => {
      const path = '/nope/%3Cscript%3Ealert(1)%3C%2Fscript%3E';
      for (const res of [
        await http().get(path).expect(404),
        await http().post('/nope/<img src=x onerror=alert(1)>').send({}).expect(404),
        await stack.agents.owner.delete(`${path}?q=<b>x</b>`).expect(404),
        await http().get('/js/nope-<script>.js').expect(404),
      ]) {
        expect(res.body).toEqual(UNKNOWN_ROUTE_BODY);
        expect(res.text).not.toMatch(/nope|script|img|alert/i);
      }
    });

    it('keep the 404 of a known route about an unknown id', async () => {
      const res = await stack.agents.owner.get(`/programmes/${randomUUID()}`).expect(404);
      expect(res.body).not.toEqual(UNKNOWN_ROUTE_BODY);
      expect(res.body).toMatchObject({ statusCode: 404, message: expect.any(String) });
    });
  });
});
