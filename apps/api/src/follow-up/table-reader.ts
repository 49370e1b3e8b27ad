import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { headerScore, type RawRow } from '@fullfolj/domain';
import { invalidField } from '../common/api-error';
import { checkZipLimits } from './zip-limits';

export type TableFormat = 'csv' | 'xlsx';

export interface UploadedTable {
  originalname?: string;
  mimetype?: string;
  size: number;
  buffer: Buffer;
}

export interface ReadTable {
  format: TableFormat;
  /** The worksheet read (XLSX), if the workbook had several. */
  sheet: string | null;
  rows: RawRow[];
}

/** Rows beyond this are refused: a plan is a few hundred activities, not a data dump. */
export const MAX_TABLE_ROWS = 20000;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** CSV or XLSX, by content (an XLSX is a zip) rather than by name alone. */
export function detectFormat(file: UploadedTable): TableFormat {
  if (file.buffer.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (file.buffer.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw invalidField('file', 'is an old Excel (.xls) file: save it as .xlsx or CSV');
  }
  const name = (file.originalname ?? '').toLowerCase();
  if (name.endsWith('.xlsx') || name.endsWith('.xls')) throw invalidField('file', 'is not a readable XLSX workbook (save it as .xlsx or CSV)');
  return 'csv';
}

/** `score` rates a sheet's heading (how many known columns it names), to choose the XLSX sheet to read. */
export async function readTable(file: UploadedTable, score: (rows: readonly RawRow[]) => number = headerScore): Promise<ReadTable> {
  if (file.buffer.length === 0) throw invalidField('file', 'is empty');
  const format = detectFormat(file);
  const table = format === 'xlsx' ? await readXlsx(file.buffer, score) : { format, sheet: null, rows: readCsv(file.buffer) };
  const last = table.rows[table.rows.length - 1]?.rowNumber ?? 0;
  if (last > MAX_TABLE_ROWS) throw invalidField('file', `has ${last} rows; at most ${MAX_TABLE_ROWS} can be imported at once`);
  return table;
}

/** UTF-8 (with or without BOM), or Windows-1252 as Swedish Excel saves "CSV (semikolonavgränsad)". */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

/** The separator used in the first line with content: semicolon (Swedish Excel), comma or tab. */
export function detectDelimiter(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ';';
}

function readCsv(buffer: Buffer): RawRow[] {
  const text = decodeText(buffer);
  try {
    const records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      to: MAX_TABLE_ROWS + 1,
    }) as unknown as Array<{ record: string[]; info: { records: number } }>;
    // A spreadsheet shows a CSV record per row, blank lines included: that is the row number people see.
    return records.map(({ record, info }) => ({ rowNumber: info.records, cells: record }));
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw invalidField('file', `is not readable CSV${e.lines ? ` (line ${e.lines})` : ''}: ${e.message ?? String(error)}`);
  }
}

/** A formula's cached result as ExcelJS gives it (an error value carries its code, e.g. #N/A). */
type FormulaResult = string | number | boolean | Date | { error: string } | null;

function formulaResultText(result: FormulaResult): string {
  if (result === null) return '';
  if (result instanceof Date) return result.toISOString().slice(0, 10);
  if (typeof result === 'object') return result.error;
  return String(result);
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value as unknown;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: FormulaResult; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return formulaResultText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (v.text && typeof v.text === 'object' && Array.isArray((v.text as { richText?: unknown[] }).richText)) {
      return ((v.text as { richText: Array<{ text: string }> }).richText).map((r) => r.text).join('');
    }
    if (v.error !== undefined) return v.error;
  }
  return cell.text ?? '';
}

async function readXlsx(buffer: Buffer, score: (rows: readonly RawRow[]) => number): Promise<ReadTable> {
  // Before ExcelJS, which unpacks everything into memory: a zip bomb is refused by its sizes.
  checkZipLimits(buffer);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw invalidField('file', `is not a readable XLSX workbook: ${(error as Error).message}`);
  }
  // The sheet whose heading names the most of the table's columns (a formatted report sheet may come first).
  let best: { sheet: string; rows: RawRow[]; score: number } | undefined;
  for (const worksheet of workbook.worksheets) {
    if (worksheet.rowCount > MAX_TABLE_ROWS + 1) throw invalidField('file', `sheet "${worksheet.name}" has ${worksheet.rowCount} rows; at most ${MAX_TABLE_ROWS} can be imported at once`);
    const rows: RawRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c)));
      rows.push({ rowNumber, cells });
    });
    const points = score(rows);
    if (!best || points > best.score) best = { sheet: worksheet.name, rows, score: points };
  }
  if (!best) throw invalidField('file', 'has no worksheets');
  return { format: 'xlsx', sheet: workbook.worksheets.length > 1 ? best.sheet : null, rows: best.rows };
}
