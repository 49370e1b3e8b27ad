import type { LocalDate } from '../calendar/local-date';
import { compareLocalDates } from '../calendar/local-date';
import type { ReportLanguage } from '../follow-up/report';
import { foldAnalysis, type AnalysisEventRecord, type AnalysisState, type AnalysisStatus, type AnalysisSubjectKind } from './analysis';
import { formatIndicatorValue, indicatorFigures, type Attainment, type IndicatorDefinition, type IndicatorValueRecord, type Trend } from './indicator';
import { comparePeriods, periodLabel, periodRange, type PeriodKey } from './periods';

const TEXT = {
  sv: {
    attainment: { met: 'Uppnått', near: 'Nära målet', missed: 'Ej uppnått', no_target: 'Inget målvärde', no_value: 'Inget utfall' } as Record<Attainment, string>,
    trend: { improving: 'Förbättring', worsening: 'Försämring', unchanged: 'Oförändrat', none: '–' } as Record<Trend, string>,
    status: { on_track: 'Går enligt plan', partly: 'Delvis enligt plan', not_on_track: 'Går inte enligt plan' } as Record<AnalysisStatus, string>,
    state: { draft: 'Utkast', ready: 'Klarmarkerad', approved: 'Godkänd' } as Record<AnalysisState, string>,
    unit: { percent: 'Procent', count: 'Antal', scale: (min: number, max: number) => `Skala ${min}–${max}` },
    direction: { higher: 'Högre är bättre', lower: 'Lägre är bättre' },
  },
  en: {
    attainment: { met: 'Met', near: 'Near the target', missed: 'Not met', no_target: 'No target', no_value: 'No outcome' } as Record<Attainment, string>,
    trend: { improving: 'Improving', worsening: 'Worsening', unchanged: 'Unchanged', none: '–' } as Record<Trend, string>,
    status: { on_track: 'On track', partly: 'Partly on track', not_on_track: 'Not on track' } as Record<AnalysisStatus, string>,
    state: { draft: 'Draft', ready: 'Marked ready', approved: 'Approved' } as Record<AnalysisState, string>,
    unit: { percent: 'Percent', count: 'Count', scale: (min: number, max: number) => `Scale ${min}–${max}` },
    direction: { higher: 'Higher is better', lower: 'Lower is better' },
  },
};

export const attainmentLabel = (a: Attainment, language: ReportLanguage) => TEXT[language].attainment[a];
export const trendLabel = (t: Trend, language: ReportLanguage) => TEXT[language].trend[t];
export const analysisStatusLabel = (s: AnalysisStatus, language: ReportLanguage) => TEXT[language].status[s];
export const analysisStateLabel = (s: AnalysisState, language: ReportLanguage) => TEXT[language].state[s];

export interface IndicatorReportPeriod {
  readonly period: PeriodKey;
  readonly periodLabel: string;
  readonly target: number | null;
  readonly targetLabel: string;
  readonly value: number | null;
  readonly valueLabel: string;
  /** A qualitative step's wording. */
  readonly text: string | null;
  readonly comment: string | null;
  readonly attainment: Attainment;
  readonly attainmentLabel: string;
  readonly trend: Trend;
  readonly trendLabel: string;
}

export interface AnalysisReportEntry {
  readonly analysisId: string;
  readonly subjectKind: AnalysisSubjectKind;
  readonly subjectKey: string;
  /** The goal's or assignment's text, or the indicator's name. */
  readonly subject: string;
  readonly period: PeriodKey;
  readonly periodLabel: string;
  readonly version: number;
  readonly text: string;
  readonly status: AnalysisStatus;
  readonly statusLabel: string;
  readonly state: AnalysisState;
  readonly stateLabel: string;
}

export interface IndicatorReportEntry {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly unitLabel: string;
  readonly directionLabel: string;
  readonly unit: IndicatorDefinition['unit'];
  readonly direction: IndicatorDefinition['direction'];
  readonly baseline: { readonly period: PeriodKey; readonly periodLabel: string; readonly value: number; readonly valueLabel: string } | null;
  readonly periods: readonly IndicatorReportPeriod[];
  /** The activities (insatser) expected to move it, by their text. */
  readonly linkedActivities: readonly string[];
}

export interface IndicatorReport {
  readonly indicators: readonly IndicatorReportEntry[];
  /** Analyses known on the date, for periods that had begun: the approved version where there is one. */
  readonly analyses: readonly AnalysisReportEntry[];
}

export interface AnalysisInput {
  readonly id: string;
  readonly subjectKind: AnalysisSubjectKind;
  readonly subjectKey: string;
  readonly subject: string;
  readonly period: PeriodKey;
  readonly events: readonly AnalysisEventRecord[];
}

/**
 * Indicators and analyses as they stood on a date: values recorded (effective) later are not
 * shown, nor periods that had not begun, nor analyses written later.
 */
export function buildIndicatorReport(input: {
  indicators: readonly IndicatorDefinition[];
  values: readonly IndicatorValueRecord[];
  analyses: readonly AnalysisInput[];
  linkedActivities: ReadonlyMap<string, readonly string[]>;
  asOf: LocalDate;
  language: ReportLanguage;
}): IndicatorReport {
  const { language, asOf } = input;
  const t = TEXT[language];
  const begun = (period: PeriodKey) => compareLocalDates(periodRange(period).start, asOf) <= 0;
  const indicators = input.indicators.map((def): IndicatorReportEntry => {
    const fmt = (v: number | undefined) => formatIndicatorValue(def.unit, v, language);
    return {
      id: def.id,
      name: def.name,
      description: def.description,
      unit: def.unit,
      direction: def.direction,
      unitLabel: def.unit.kind === 'scale' ? t.unit.scale(def.unit.min, def.unit.max) : t.unit[def.unit.kind],
      directionLabel: t.direction[def.direction],
      baseline: def.baseline ? { ...def.baseline, periodLabel: periodLabel(def.baseline.period, language), valueLabel: fmt(def.baseline.value) } : null,
      periods: indicatorFigures(def, input.values, asOf)
        .filter((f) => begun(f.period))
        .map((f) => ({
          period: f.period,
          periodLabel: periodLabel(f.period, language),
          target: f.target ?? null,
          targetLabel: fmt(f.target),
          value: f.value?.value ?? null,
          valueLabel: fmt(f.value?.value),
          text: f.value?.text ?? null,
          comment: f.value?.comment ?? null,
          attainment: f.attainment,
          attainmentLabel: t.attainment[f.attainment],
          trend: f.trend,
          trendLabel: t.trend[f.trend],
        })),
      linkedActivities: input.linkedActivities.get(def.id) ?? [],
    };
  });
  const analyses: AnalysisReportEntry[] = [];
  for (const a of input.analyses) {
    if (!begun(a.period)) continue;
    const fold = foldAnalysis(a.events, asOf);
    const shown = fold.approved ?? fold.current;
    if (!shown) continue;
    analyses.push({
      analysisId: a.id,
      subjectKind: a.subjectKind,
      subjectKey: a.subjectKey,
      subject: a.subject,
      period: a.period,
      periodLabel: periodLabel(a.period, language),
      version: shown.version,
      text: shown.text,
      status: shown.status,
      statusLabel: t.status[shown.status],
      state: shown.state,
      stateLabel: t.state[shown.state],
    });
  }
  const kindOrder: AnalysisSubjectKind[] = ['goal', 'assignment', 'indicator'];
  analyses.sort((x, y) => kindOrder.indexOf(x.subjectKind) - kindOrder.indexOf(y.subjectKind) || x.subject.localeCompare(y.subject, 'sv') || comparePeriods(x.period, y.period));
  return { indicators, analyses };
}
