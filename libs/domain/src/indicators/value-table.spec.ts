import type { IndicatorDefinition } from './indicator';
import { parseNumber, parseValueTable } from './value-table';

const base = { description: '', direction: 'higher', baseline: null, targets: {}, responsibleId: null, reportWithinWorkingDays: 10 } as const;
const indicators: IndicatorDefinition[] = [
  { ...base, id: 'a', name: 'Engagemang/motivation', unit: { kind: 'scale', min: 1, max: 5 }, periodicity: 'term', source: { kind: 'manual' } },
  { ...base, id: 'b', name: 'Gymnasieexamen', unit: { kind: 'percent' }, periodicity: 'year', source: { kind: 'kolada', kpiId: 'N60960' } },
];
const rows = (lines: string[][]) => lines.map((cells, i) => ({ rowNumber: i + 1, cells }));

describe('value tables', () => {
  it('reads numbers as Swedish and English write them', () => {
    expect(['12,5', '12.5', '1 234', '80 %', '−3', 'tolv'].map(parseNumber)).toEqual([12.5, 12.5, 1234, 80, -3, null]);
  });

  it("reads Fullfölj's columns and names every bad row", () => {
    // A period listed without an outcome (as the report's table lists it) records nothing.
    const ok = parseValueTable(rows([['Indikator', 'Period', 'Värde'], ['engagemang/motivation', 'VT 2022', '4'], ['Engagemang/motivation', 'HT 2022', '']]), indicators, null);
    expect(ok).toMatchObject({ ok: true, shape: 'fullfolj', values: [{ indicatorId: 'a', period: '2022-VT', value: 4 }] });
    const bad = parseValueTable(
      rows([['Indikator', 'Period', 'Värde'], ['Okänd', '2022', '1'], ['Engagemang/motivation', '2022', '3'], ['Engagemang/motivation', 'HT 2022', 'tolv'], ['Engagemang/motivation', 'VT22', '3'], ['Engagemang/motivation', 'vt 2022', '4']]),
      indicators,
      null,
    );
    expect(bad.ok ? [] : bad.issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'Indikator'],
      [3, 'Period'],
      [4, 'Värde'],
      [6, 'Period'],
    ]);
  });

  it("reads Kolada's shape: totals of one municipality, by key figure", () => {
    const table = rows([
      ['kpi', 'municipality', 'period', 'gender', 'value'],
      ['N60960', '1380', '2022', 'T', '73.4'],
      ['N60960', '1380', '2022', 'K', '76.1'],
      ['N60960', '1281', '2022', 'T', '70.0'],
    ]);
    expect(parseValueTable(table, indicators, '1380')).toMatchObject({ ok: true, shape: 'kolada', skipped: 2, values: [{ indicatorId: 'b', period: '2022', value: 73.4 }] });
    expect(parseValueTable(rows([['kpi', 'period'], ['N60960', '2022']]), indicators, null)).toMatchObject({ ok: false, issues: [{ column: 'varde' }] });
  });
});
