import {
  attainmentLabel,
  type Attainment,
  type IndicatorReport,
  type IndicatorReportEntry,
  type IndicatorReportPeriod,
  type ReportLanguage,
} from '@fullfolj/domain';
import type { DocAttainment, DocChart, DocLine, DocTable, DocTextSection } from './document';

/**
 * Indicators and analyses as parts of a report document: the indicator table (a heading per
 * indicator, a row per period), one chart per indicator and the analyses as running text.
 * Shared by the follow-up report and the programme reports (per linked plan).
 */
const TEXT = {
  sv: {
    indicators: 'Indikatorer',
    sheet: 'Indikatorer',
    period: 'Period',
    target: 'Målvärde',
    outcome: 'Utfall',
    attainment: 'Måluppfyllelse',
    trend: 'Trend',
    comment: 'Kommentar',
    baseline: 'Utgångsvärde',
    baselineOf: (value: string, period: string) => `Utgångsvärde ${value} (${period})`,
    noBaseline: 'Inget utgångsvärde',
    noIndicators: 'Inga indikatorer.',
    noPeriods: 'Inga perioder har börjat ännu.',
    analyses: 'Analys och bedömning',
    noAnalyses: 'Inga analyser.',
    version: (n: number) => `version ${n}`,
    values: 'Indikatorvärden',
  },
  en: {
    indicators: 'Indicators',
    sheet: 'Indicators',
    period: 'Period',
    target: 'Target',
    outcome: 'Outcome',
    attainment: 'Attainment',
    trend: 'Trend',
    comment: 'Comment',
    baseline: 'Baseline',
    baselineOf: (value: string, period: string) => `Baseline ${value} (${period})`,
    noBaseline: 'No baseline',
    noIndicators: 'No indicators.',
    noPeriods: 'No period has begun yet.',
    analyses: 'Analysis and judgement',
    noAnalyses: 'No analyses.',
    version: (n: number) => `version ${n}`,
    values: 'Indicator values',
  },
};

export const indicatorText = (language: ReportLanguage) => TEXT[language];

/** "Kvantitativ kompetens · Procent · Högre är bättre · Utgångsvärde 45 % (VT 2021)". */
export function indicatorHeading(entry: IndicatorReportEntry, language: ReportLanguage): string {
  const t = TEXT[language];
  const baseline = entry.baseline ? t.baselineOf(entry.baseline.valueLabel, entry.baseline.periodLabel) : t.noBaseline;
  return [entry.name, entry.unitLabel, entry.directionLabel, baseline].join(' · ');
}

/** The outcome cell: the value, and a qualitative step's wording after it ("4 av 5 – Hög grad av engagemang"). */
export function outcomeCell(period: IndicatorReportPeriod): string {
  if (period.value === null) return period.text ?? '–';
  return period.text ? `${period.valueLabel} – ${period.text}` : period.valueLabel;
}

export const INDICATOR_COLUMN_WIDTHS = [16, 14, 30, 16, 14, 45];

/** The rows of one indicator: Period · Målvärde · Utfall · Måluppfyllelse · Trend · Kommentar. */
export function indicatorRows(entry: IndicatorReportEntry): string[][] {
  return entry.periods.map((p) => [p.periodLabel, p.targetLabel, outcomeCell(p), p.attainmentLabel, p.trendLabel, p.comment ?? '']);
}

/**
 * The indicator table: one heading per indicator at `depth` (below a plan's heading in a
 * programme report), then its periods. `groups` lists the indicators, each under an optional
 * heading of its own (the plan).
 */
export function indicatorTable(
  language: ReportLanguage,
  groups: ReadonlyArray<{ heading: string | null; indicators: readonly IndicatorReportEntry[] }>,
): DocTable {
  const t = TEXT[language];
  const labels = [t.period, t.target, t.outcome, t.attainment, t.trend, t.comment];
  return {
    title: t.indicators,
    sheetName: t.sheet,
    columns: labels.map((label, i) => ({ label, width: INDICATOR_COLUMN_WIDTHS[i] })),
    empty: t.noIndicators,
    *lines(): Iterable<DocLine> {
      for (const group of groups) {
        const depth = group.heading === null ? 0 : 1;
        if (group.heading !== null) yield { kind: 'group', depth: 0, text: group.heading };
        for (const entry of group.indicators) {
          yield { kind: 'group', depth, text: indicatorHeading(entry, language) };
          const rows = indicatorRows(entry);
          if (rows.length === 0) yield { kind: 'row', cells: [t.noPeriods, '', '', '', '', ''] };
          for (const cells of rows) yield { kind: 'row', cells };
        }
      }
    },
  };
}

const CHART_ATTAINMENT: Record<Attainment, DocAttainment> = { met: 'met', near: 'near', missed: 'missed', no_target: 'none', no_value: 'none' };

/** The value axis of a unit: 0–100 for percentages, the scale's ends for a scale, open for counts. */
export function chartRange(unit: IndicatorReportEntry['unit']): DocChart['range'] {
  if (unit.kind === 'percent') return { min: 0, max: 100 };
  if (unit.kind === 'scale') return { min: unit.min, max: unit.max };
  return null;
}

export function indicatorChart(entry: IndicatorReportEntry, language: ReportLanguage, title: string = entry.name): DocChart {
  const t = TEXT[language];
  return {
    title,
    unitLabel: entry.unitLabel,
    range: chartRange(entry.unit),
    categories: entry.periods.map((p) => p.periodLabel),
    target: entry.periods.map((p) => p.target),
    outcome: entry.periods.map((p) => p.value),
    attainment: entry.periods.map((p) => CHART_ATTAINMENT[p.attainment]),
    baseline: entry.baseline?.value ?? null,
    ...(entry.baseline ? { baselineLabel: entry.baseline.valueLabel } : {}),
    labels: { target: t.target, outcome: t.outcome, baseline: t.baseline },
    outcomeLabels: entry.periods.map((p) => (p.value === null ? null : p.valueLabel)),
    targetLabels: entry.periods.map((p) => (p.target === null ? null : p.targetLabel)),
    attainmentLabels: {
      met: attainmentLabel('met', language),
      near: attainmentLabel('near', language),
      missed: attainmentLabel('missed', language),
      none: attainmentLabel('no_target', language),
    },
  };
}

/** The analyses, one paragraph each: "Kvantitativ kompetens, HT 2022" · "Går enligt plan · Godkänd · version 2" · the text. */
export function analysisSection(report: IndicatorReport, language: ReportLanguage, heading: string = TEXT[language].analyses): DocTextSection {
  const t = TEXT[language];
  return {
    heading,
    empty: t.noAnalyses,
    paragraphs: report.analyses.map((a) => ({
      title: `${a.subject}, ${a.periodLabel}`,
      meta: [a.statusLabel, a.stateLabel, t.version(a.version)].join(' · '),
      text: a.text,
    })),
  };
}

/** A number as the value importer reads it in either language: "12.5", no grouping. */
function plain(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * Every indicator's values as a flat table that imports again as a value table: columns
 * Indikator · Period · Målvärde · Värde · Text · Kommentar · Måluppfyllelse · Trend (Swedish
 * headings in either language, which the importer reads), the period as its key ("2022-VT").
 */
export function indicatorValuesTableOf(report: IndicatorReport | undefined, language: ReportLanguage): DocTable {
  const t = TEXT[language];
  return {
    title: t.values,
    sheetName: t.values,
    columns: [
      { label: 'Indikator', width: 30 },
      { label: 'Period', width: 10 },
      { label: 'Målvärde', width: 10 },
      { label: 'Värde', width: 10 },
      { label: 'Text', width: 30 },
      { label: 'Kommentar', width: 45 },
      { label: 'Måluppfyllelse', width: 16 },
      { label: 'Trend', width: 14 },
    ],
    *lines(): Iterable<DocLine> {
      for (const entry of report?.indicators ?? []) {
        for (const p of entry.periods) {
          yield { kind: 'row', cells: [entry.name, p.period, plain(p.target), plain(p.value), p.text ?? '', p.comment ?? '', p.attainmentLabel, p.trendLabel] };
        }
      }
    },
  };
}
