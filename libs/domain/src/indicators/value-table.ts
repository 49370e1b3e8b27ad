import type { ImportIssue, RawRow } from '../follow-up/table';
import { cleanCell, foldKey } from '../follow-up/text';
import { valueProblem, type IndicatorDefinition } from './indicator';
import { parsePeriod, type PeriodKey } from './periods';

/**
 * A table of indicator values (utfall), in one of two shapes:
 * - Fullfölj's own: Indikator, Period, Värde, Text, Kommentar;
 * - Kolada's export: kpi (nyckeltals-id), municipality (kommun-id), period, value, gender.
 *   Rows of other municipalities, and per-gender rows where a total (T) is given, are skipped.
 */
export type ValueTableShape = 'fullfolj' | 'kolada';

export interface ImportedValue {
  readonly rowNumber: number;
  readonly indicatorId: string;
  readonly period: PeriodKey;
  readonly value: number;
  readonly text: string | null;
  readonly comment: string | null;
}

export type ParsedValueTable =
  | { readonly ok: true; readonly shape: ValueTableShape; readonly headerRow: number; readonly values: readonly ImportedValue[]; readonly skipped: number }
  | { readonly ok: false; readonly issues: readonly ImportIssue[] };

type Column = 'indicator' | 'period' | 'value' | 'text' | 'comment' | 'kpi' | 'municipality' | 'gender';

const HEADINGS: Record<Column, readonly string[]> = {
  indicator: ['indikator', 'indicator', 'nyckeltal'],
  period: ['period', 'ar', 'year', 'termin'],
  value: ['varde', 'value', 'utfall'],
  text: ['text', 'beskrivning', 'steg'],
  comment: ['kommentar', 'comment'],
  kpi: ['kpi', 'kpiid', 'nyckeltalsid', 'nyckeltalid'],
  municipality: ['municipality', 'municipalityid', 'kommunid', 'kommun'],
  gender: ['gender', 'kon'],
};

const COLUMN_OF = new Map<string, Column>(Object.entries(HEADINGS).flatMap(([c, names]) => names.map((n) => [n, c as Column])));

/** How many of a row's cells are headings of a value table (chooses the heading row and the XLSX sheet). */
export function valueHeaderScore(rows: readonly RawRow[]): number {
  let best = 0;
  for (const row of rows.slice(0, 20)) best = Math.max(best, row.cells.filter((c) => COLUMN_OF.has(foldKey(c))).length);
  return best;
}

/** "12,5" (Swedish), "12.5", "1 234", "12,5 %" → number; null when it is none. */
export function parseNumber(text: string): number | null {
  const t = cleanCell(text).replace(/%$/, '').replace(/[\s\u00a0]/g, '').replace(/^−/, '-');
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

export function parseValueTable(rows: readonly RawRow[], indicators: readonly IndicatorDefinition[], municipalityId: string | null): ParsedValueTable {
  const headerIndex = rows.slice(0, 20).findIndex((r) => r.cells.filter((c) => COLUMN_OF.has(foldKey(c))).length >= 2);
  if (headerIndex < 0) {
    return { ok: false, issues: [{ row: rows[0]?.rowNumber ?? 1, column: null, value: null, reason: 'has no heading row: expected Indikator, Period and Värde, or Kolada\'s kpi, municipality, period and value', code: 'no_heading' }] };
  }
  const header = rows[headerIndex];
  const positions = new Map<Column, number>();
  const headings = new Map<Column, string>();
  header.cells.forEach((c, i) => {
    const column = COLUMN_OF.get(foldKey(c));
    if (column && !positions.has(column)) {
      positions.set(column, i);
      headings.set(column, cleanCell(c));
    }
  });
  const shape: ValueTableShape = positions.has('kpi') ? 'kolada' : 'fullfolj';
  const required: Column[] = shape === 'kolada' ? ['kpi', 'period', 'value'] : ['indicator', 'period', 'value'];
  const missing = required.filter((c) => !positions.has(c));
  if (missing.length > 0) {
    return { ok: false, issues: missing.map((c) => ({ row: header.rowNumber, column: HEADINGS[c][0], value: null, reason: 'is a required column and is missing', code: 'missing_column' })) };
  }

  const byName = new Map(indicators.map((i) => [foldKey(i.name), i]));
  const byKpi = new Map(indicators.flatMap((i) => (i.source.kind === 'kolada' ? [[i.source.kpiId.toUpperCase(), i] as const] : [])));
  const issues: ImportIssue[] = [];
  const values: ImportedValue[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  const cell = (row: RawRow, c: Column) => {
    const at = positions.get(c);
    return at === undefined ? '' : cleanCell(row.cells[at] ?? '');
  };
  const issue = (row: RawRow, c: Column, reason: string, code: string) => issues.push({ row: row.rowNumber, column: headings.get(c) ?? c, value: cell(row, c) || null, reason, code });

  // Kolada gives a total (T) beside women (K) and men (M): keep the total where there is one.
  const hasTotal = shape === 'kolada' && positions.has('gender') && rows.slice(headerIndex + 1).some((r) => cell(r, 'gender').toUpperCase() === 'T');

  for (const row of rows.slice(headerIndex + 1)) {
    if (row.cells.every((c) => cleanCell(c ?? '') === '')) continue;
    // A period with a target but no outcome yet, as the report's own table lists it: nothing to record.
    if (shape === 'fullfolj' && cell(row, 'value') === '' && cell(row, 'text') === '' && cell(row, 'comment') === '') continue;
    let indicator: IndicatorDefinition | undefined;
    if (shape === 'kolada') {
      const municipality = cell(row, 'municipality');
      if (municipalityId !== null && positions.has('municipality') && municipality !== '' && municipality.replace(/^0+/, '') !== municipalityId.replace(/^0+/, '')) {
        skipped += 1;
        continue;
      }
      const gender = cell(row, 'gender').toUpperCase();
      if (hasTotal && gender !== 'T' && gender !== '') {
        skipped += 1;
        continue;
      }
      indicator = byKpi.get(cell(row, 'kpi').toUpperCase());
      if (!indicator) {
        issue(row, 'kpi', 'is no key figure of this plan\'s indicators (set the indicator\'s source to that Kolada key figure)', 'kpi_not_found');
        continue;
      }
    } else {
      indicator = byName.get(foldKey(cell(row, 'indicator')));
      if (!indicator) {
        if (cell(row, 'indicator') === '') issue(row, 'indicator', 'is required', 'required');
        else issue(row, 'indicator', 'is no indicator of this plan', 'indicator_not_found');
        continue;
      }
    }
    const periodText = cell(row, 'period');
    const period = parsePeriod(periodText, indicator.periodicity);
    if (!period) {
      if (periodText === '') issue(row, 'period', 'is required', 'required');
      else issue(row, 'period', `is not a ${indicator.periodicity === 'term' ? 'term (2022-VT, HT 2022)' : indicator.periodicity === 'month' ? 'month (2022-03)' : 'year (2022)'}`, 'invalid_period');
      continue;
    }
    const number = parseNumber(cell(row, 'value'));
    if (number === null) {
      if (cell(row, 'value') === '') issue(row, 'value', 'is required', 'required');
      else issue(row, 'value', 'is not a number', 'not_a_number');
      continue;
    }
    const problem = valueProblem(indicator.unit, number);
    if (problem) {
      issue(row, 'value', problem, 'invalid_value');
      continue;
    }
    const key = `${indicator.id}:${period}`;
    const before = seen.get(key);
    if (before !== undefined) {
      issue(row, 'period', `repeats ${indicator.name} ${period} of row ${before}`, 'duplicate_row');
      continue;
    }
    seen.set(key, row.rowNumber);
    values.push({
      rowNumber: row.rowNumber,
      indicatorId: indicator.id,
      period,
      value: number,
      text: cell(row, 'text') || null,
      comment: cell(row, 'comment') || null,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, shape, headerRow: header.rowNumber, values, skipped };
}
