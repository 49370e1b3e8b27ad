import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { writeCsv } from './csv-writer';
import type { DocTable, ReportDocument } from './document';
import { writePdf, winAnsi } from './pdf-writer';
import { writeXlsx } from './xlsx-writer';

const ROWS = 4000;

/** A large report whose rows are produced on demand, counting how many the writer has taken. */
function largeDocument(): { doc: ReportDocument; pulled: () => number } {
  let pulled = 0;
  // Text that does not compress away, as real comments do not (the XLSX is a zip).
  let seed = 7;
  const noise = () =>
    Array.from({ length: 12 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed.toString(36);
    }).join(' ');
  const table: DocTable = {
    title: 'Aktiviteter',
    sheetName: 'Uppföljning',
    columns: [
      { label: 'Aktivitet', width: 50 },
      { label: 'Nämnd', width: 10 },
      { label: 'Slutfört', width: 20 },
      { label: 'Status', width: 12 },
      { label: 'Kommentar', width: 50 },
    ],
    *lines() {
      for (let i = 0; i < ROWS; i += 1) {
        pulled += 1;
        if (i % 40 === 0) yield { kind: 'group', depth: 0, text: `Perspektiv: Grupp ${i / 40}` };
        yield { kind: 'row', cells: [`Aktivitet nummer ${i} med en text som är lagom lång för en cell`, 'BiN', i % 7 === 0 ? 'December*' : 'Maj/November', 'Pågående', `Kommentar ${i}; "citat" och å ä ö ${noise()}`] };
      }
    },
  };
  const doc: ReportDocument = {
    language: 'sv',
    fileBase: 'test',
    header: { organisation: 'Exempelkommun', subject: 'Bildningsnämnden (BiN)', date: 'Per den 31 augusti 2022' },
    title: 'Uppföljning',
    summaryHeading: 'Sammanfattning',
    summary: ['En mening.'],
    facts: [['Antal aktiviteter', ROWS]],
    tables: [table],
    tablesOnOwnSheets: false,
    dataTable: { ...table, sheetName: 'Data' },
    labels: { page: 'Sida', summarySheet: 'Sammanfattning', generated: '' },
  };
  return { doc, pulled: () => pulled };
}

/** Lets the writer run until it stops making progress (many event-loop turns without a new row). */
async function untilIdle(progress: () => number): Promise<number> {
  let last = -1;
  for (let still = 0; still < 100; ) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = progress();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

// A writer produces rows only as fast as its reader takes the bytes: with nobody reading, it
// stops after about highWaterMark bytes instead of building the whole report in memory.
describe.each([
  ['CSV', (doc: ReportDocument) => writeCsv(doc.dataTable!, { highWaterMark: 16 * 1024 })],
  ['XLSX', (doc: ReportDocument) => writeXlsx(doc, { highWaterMark: 16 * 1024 })],
  ['PDF', (doc: ReportDocument) => writePdf(doc, { highWaterMark: 16 * 1024 })],
] as const)('streaming %s', (format, write) => {
  it('pauses while unread, then delivers every row', async () => {
    const { doc, pulled } = largeDocument();
    const stream = write(doc) as Readable;
    const whilePaused = await untilIdle(pulled);
    expect(whilePaused).toBeLessThan(ROWS);
    const body = await readAll(stream);
    // The XLSX writes the rows twice: the formatted sheet and the flat data sheet.
    expect(pulled()).toBe(format === 'XLSX' ? 2 * ROWS : ROWS);
    if (format === 'CSV') {
      const rows = parse(body.toString('utf8'), { delimiter: ';', bom: true });
      expect(rows).toHaveLength(ROWS + 1);
      expect(rows[ROWS].slice(0, 4)).toEqual([`Aktivitet nummer ${ROWS - 1} med en text som är lagom lång för en cell`, 'BiN', 'Maj/November', 'Pågående']);
      expect(rows[ROWS][4]).toMatch(new RegExp(`^Kommentar ${ROWS - 1}; "citat" och å ä ö \\w+`));
    } else if (format === 'XLSX') {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      expect(workbook.getWorksheet('Data')!.rowCount).toBe(ROWS + 1);
    } else {
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.subarray(-6).toString()).toContain('%%EOF');
    }
  }, 60_000);
});

describe('PDF text', () => {
  it('keeps what Windows-1252 has and spells out or replaces the rest', () => {
    expect(winAnsi('Förskjuts till hösten 2023 – “klart” …')).toBe('Förskjuts till hösten 2023 – “klart” …');
    expect(winAnsi('a → b ≥ c\tł😀')).toBe('a -> b >= c ??');
  });
});
