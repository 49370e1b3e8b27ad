import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { DEFAULT_HIGH_WATER, ROWS_PER_CHECK, whileBuffered, type WriterOptions } from './backpressure';
import { sheetName, type DocTable, type ReportDocument } from './document';

const GROUP_FILLS = ['FFD9E2F3', 'FFE7EEF8', 'FFF1F5FB', 'FFF7F9FC'];
const HEADER_FILL = 'FF1F3864';
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const border = { top: thin, bottom: thin, left: thin, right: thin };

/**
 * Streams a formatted workbook with exceljs's WorkbookWriter (rows are written out as they
 * are committed): header, summary block, the tables with grouped (outlined) rows, column
 * widths, frozen headings; and a flat data sheet with a filter.
 */
export function writeXlsx(doc: ReportDocument, options: WriterOptions = {}): PassThrough {
  // exceljs's own buffers do not push back; the output's does: when it is full (the client is
  // not reading), the zip stops pulling from exceljs and we stop adding rows.
  const out = new PassThrough({ highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Fullfölj';
  const used = new Set<string>();
  const unique = (name: string) => {
    let candidate = sheetName(name);
    for (let n = 2; used.has(candidate.toLowerCase()); n += 1) candidate = `${sheetName(name).slice(0, 26)} (${n})`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
  workbook.title = doc.title;
  (async () => {
    const widths = doc.tables[0]?.columns.map((c) => c.width) ?? [60];
    const first = workbook.addWorksheet(unique(doc.tablesOnOwnSheets ? doc.labels.summarySheet : (doc.tables[0]?.sheetName ?? doc.labels.summarySheet)), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: { oddHeader: `&L${escapeHf(doc.header.organisation)}&C${escapeHf(doc.header.subject)}&R${escapeHf(doc.header.date)}`, oddFooter: `&C${doc.labels.page} &P` },
      properties: { outlineLevelRow: 4 },
    });
    first.columns = widths.map((width) => ({ width }));
    const span = Math.max(widths.length, 2);
    let rowNo = 0;
    const add = (values: Array<string | number>, style?: (row: ExcelJS.Row) => void, merge = false) => {
      const row = first.addRow(values);
      rowNo += 1;
      if (merge && span > 1) first.mergeCells(rowNo, 1, rowNo, span);
      style?.(row);
      row.commit();
    };
    add([doc.header.organisation], (r) => (r.font = { bold: true, size: 12 }), true);
    add([doc.header.subject], undefined, true);
    add([doc.title], (r) => (r.font = { bold: true, size: 14 }), true);
    add([doc.header.date], (r) => (r.font = { italic: true }), true);
    add([]);
    add([doc.summaryHeading], (r) => (r.font = { bold: true, size: 12 }), true);
    for (const sentence of doc.summary) {
      add([sentence], (r) => {
        r.alignment = { wrapText: true, vertical: 'top' };
        r.height = Math.max(15, Math.ceil(sentence.length / (widths.reduce((a, b) => a + b, 0) * 1.1)) * 15);
      }, true);
    }
    add([]);
    for (const [label, value] of doc.facts) {
      add([label, value], (r) => {
        r.getCell(1).font = { bold: true };
        r.getCell(2).alignment = { horizontal: 'left' };
        r.getCell(1).border = border;
        r.getCell(2).border = border;
      });
    }
    add([]);

    // Sheets are written one after another: each is committed before the next begins.
    if (doc.tablesOnOwnSheets) {
      first.commit();
      for (const table of doc.tables) {
        const sheet = workbook.addWorksheet(unique(table.sheetName), {
          views: [{ state: 'frozen', ySplit: 2 }],
          pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
          headerFooter: { oddHeader: `&L${escapeHf(doc.header.organisation)}&C${escapeHf(doc.header.subject)}&R${escapeHf(doc.header.date)}`, oddFooter: `&C${doc.labels.page} &P` },
        });
        sheet.columns = table.columns.map((c) => ({ width: c.width }));
        await writeTable(sheet, table, 0, out, options);
        sheet.commit();
      }
    } else {
      let currentRow = rowNo;
      for (const table of doc.tables) currentRow = await writeTable(first, table, currentRow, out, options);
      first.commit();
    }

    if (doc.dataTable) {
      const data = workbook.addWorksheet(unique(doc.dataTable.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
      data.columns = doc.dataTable.columns.map((c) => ({ width: c.width }));
      const header = data.addRow(doc.dataTable.columns.map((c) => c.label));
      header.font = { bold: true };
      header.commit();
      data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: doc.dataTable.columns.length } };
      let count = 0;
      for (const line of doc.dataTable.lines()) {
        if (line.kind !== 'row') continue;
        const row = data.addRow(line.cells);
        row.alignment = { wrapText: true, vertical: 'top' };
        row.commit();
        if (++count % ROWS_PER_CHECK === 0) await whileBuffered(out, options.highWaterMark);
      }
      data.commit();
    }
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

async function writeTable(sheet: ExcelJS.Worksheet, table: DocTable, startRow: number, out: PassThrough, options: WriterOptions): Promise<number> {
  let rowNo = startRow;
  const span = table.columns.length;
  const title = sheet.addRow([table.title]);
  rowNo += 1;
  title.font = { bold: true, size: 12 };
  title.commit();
  const header = sheet.addRow(table.columns.map((c) => c.label));
  rowNo += 1;
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = border;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.commit();
  let depth = -1;
  let any = false;
  let count = 0;
  for (const line of table.lines()) {
    any = true;
    if (line.kind === 'group') {
      const row = sheet.addRow([line.text]);
      rowNo += 1;
      if (span > 1) sheet.mergeCells(rowNo, 1, rowNo, span);
      row.font = { bold: true, size: line.depth === 0 ? 12 : 11 };
      row.alignment = { wrapText: true, vertical: 'top', indent: line.depth };
      row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GROUP_FILLS[Math.min(line.depth, GROUP_FILLS.length - 1)] } };
      row.outlineLevel = Math.min(line.depth, 6);
      row.height = Math.max(15, Math.ceil(line.text.length / (table.columns.reduce((a, c) => a + c.width, 0) * 1.1)) * 15);
      depth = line.depth;
      row.commit();
    } else {
      const row = sheet.addRow(line.cells);
      rowNo += 1;
      row.alignment = { wrapText: true, vertical: 'top' };
      row.eachCell({ includeEmpty: true }, (cell) => (cell.border = border));
      row.outlineLevel = Math.min(depth + 1, 7);
      const lines = Math.max(1, ...line.cells.map((text, i) => estimateLines(text, table.columns[i]?.width ?? 20)));
      row.height = Math.min(409, lines * 15);
      row.commit();
    }
    if (++count % ROWS_PER_CHECK === 0) await whileBuffered(out, options.highWaterMark);
  }
  if (!any && table.empty) {
    const row = sheet.addRow([table.empty]);
    rowNo += 1;
    row.font = { italic: true };
    row.commit();
  }
  sheet.addRow([]).commit();
  return rowNo + 1;
}

function estimateLines(text: string, width: number): number {
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / Math.max(1, width * 1.1))), 0);
}

/** Header/footer text: '&' starts a code there. */
function escapeHf(text: string): string {
  return text.replace(/&/g, '&&');
}
