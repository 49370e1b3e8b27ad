import { foldAnalysis, analysisActProblem, type AnalysisEventRecord } from './analysis';
import { attainment, formatIndicatorValue, indicatorFigures, trend, valueProblem, valuesAsOf, type IndicatorDefinition, type IndicatorValueRecord } from './indicator';

const def: IndicatorDefinition = {
  id: 'i1',
  name: 'Andel behöriga lärare',
  description: '',
  unit: { kind: 'percent' },
  direction: 'higher',
  periodicity: 'term',
  baseline: { period: '2021-HT', value: 60 },
  targets: { '2022-VT': 70, '2022-HT': 80 },
  responsibleId: null,
  source: { kind: 'manual' },
  reportWithinWorkingDays: 10,
};
let seq = 0;
const value = (period: string, v: number, effectiveOn: string): IndicatorValueRecord => ({
  seq: ++seq, indicatorId: 'i1', period, value: v, text: null, comment: null, effectiveOn, actorId: null, importId: null, recordedAt: '',
});

describe('indicator figures', () => {
  it('judges attainment by direction, with "near" at least half way from the baseline', () => {
    expect(attainment(def, 70, 70)).toBe('met');
    expect(attainment(def, 70, 66)).toBe('near');
    expect(attainment(def, 70, 64)).toBe('missed');
    expect(attainment({ ...def, direction: 'lower', baseline: { period: '2021', value: 20 } }, 10, 14)).toBe('near');
    expect(attainment(def, undefined, 50)).toBe('no_target');
    expect(attainment(def, 70, undefined)).toBe('no_value');
    expect([trend('higher', 3, 4), trend('lower', 3, 4), trend('higher', 3, 3), trend('higher', undefined, 3)]).toEqual(['improving', 'worsening', 'unchanged', 'none']);
  });

  it('uses the value known on the date: a later correction shows only from its own date', () => {
    const records = [value('2022-VT', 65, '2022-08-15'), value('2022-VT', 71, '2022-10-01'), value('2022-HT', 79, '2023-01-20')];
    expect(valuesAsOf(records, '2022-09-01').get('2022-VT')?.value).toBe(65);
    expect(valuesAsOf(records, null).get('2022-VT')?.value).toBe(71);
    expect(indicatorFigures(def, records, '2022-12-31').map((f) => [f.period, f.value?.value, f.attainment, f.trend])).toEqual([
      ['2022-VT', 71, 'met', 'improving'],
      ['2022-HT', undefined, 'no_value', 'none'],
    ]);
  });

  it('checks values against the unit and writes them in the language', () => {
    expect(valueProblem({ kind: 'percent' }, 101)).toMatch(/between 0 and 100/);
    expect(valueProblem({ kind: 'scale', min: 1, max: 5 }, 2.5)).toMatch(/whole number/);
    expect(valueProblem({ kind: 'count' }, 3)).toBeNull();
    expect(formatIndicatorValue({ kind: 'percent' }, 12.5, 'sv')).toBe('12,5 %');
    expect(formatIndicatorValue({ kind: 'scale', min: 1, max: 5 }, 4, 'en')).toBe('4 of 5');
  });
});

describe('analysis versions', () => {
  const ev = (n: number, event: AnalysisEventRecord['event'], effectiveOn: string): AnalysisEventRecord => ({ seq: n, analysisId: 'a', event, effectiveOn, actorId: 'p' });
  const events = [
    ev(1, { type: 'drafted', version: 1, text: 'Första', status: 'partly' }, '2022-08-10'),
    ev(2, { type: 'marked_ready', version: 1 }, '2022-08-11'),
    ev(3, { type: 'approved', version: 1 }, '2022-08-20'),
    ev(4, { type: 'drafted', version: 2, text: 'Andra', status: 'on_track' }, '2022-09-05'),
  ];

  it('keeps the approved version beside a newer draft, and reads them as of a date', () => {
    const now = foldAnalysis(events, null);
    expect([now.current?.version, now.current?.state, now.approved?.version]).toEqual([2, 'draft', 1]);
    const then = foldAnalysis(events, '2022-08-15');
    expect([then.current?.state, then.approved]).toEqual(['ready', null]);
  });

  it('allows ready only on a draft, approval only when ready, and only on the newest version', () => {
    const fold = foldAnalysis(events, null);
    expect(analysisActProblem(fold, 'approve', 2)?.code).toBe('analysis_not_ready');
    expect(analysisActProblem(fold, 'ready', 1)?.code).toBe('analysis_version_stale');
    expect(analysisActProblem(fold, 'ready', 2)).toBeNull();
  });
});
