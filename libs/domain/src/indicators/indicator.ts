import { compareLocalDates, type LocalDate } from '../calendar/local-date';
import { comparePeriods, type Periodicity, type PeriodKey } from './periods';

/**
 * An indicator (indikator, nyckeltal): what an intervention is expected to move, measured per
 * period against a target. Belongs to a follow-up plan; linked to the plan's activities.
 */
export type IndicatorUnit =
  | { readonly kind: 'percent' }
  | { readonly kind: 'count' }
  /** A scale such as 1–5 for qualitative indicators; a value is a step, with text. */
  | { readonly kind: 'scale'; readonly min: number; readonly max: number };

/** Whether a higher or a lower outcome is better. */
export type IndicatorDirection = 'higher' | 'lower';

export type IndicatorSource =
  | { readonly kind: 'manual' }
  | { readonly kind: 'import' }
  /** A Kolada key figure (nyckeltal), e.g. "N17461"; values come from a downloaded Kolada file. */
  | { readonly kind: 'kolada'; readonly kpiId: string };

export interface IndicatorDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly unit: IndicatorUnit;
  readonly direction: IndicatorDirection;
  readonly periodicity: Periodicity;
  /** The starting point (utgångsvärde): a value and the period it was measured in. */
  readonly baseline: { readonly period: PeriodKey; readonly value: number } | null;
  /** Target (målvärde) per period. */
  readonly targets: Readonly<Record<PeriodKey, number>>;
  readonly responsibleId: string | null;
  readonly source: IndicatorSource;
  /** Working days after a period ends by which its value is to be reported. */
  readonly reportWithinWorkingDays: number;
}

/** One recorded value (utfall) for a period, as stored: later records for the same period replace earlier ones. */
export interface IndicatorValueRecord {
  readonly seq: number;
  readonly indicatorId: string;
  readonly period: PeriodKey;
  /** A number, or the scale step for a scale. */
  readonly value: number;
  /** The step's wording for qualitative indicators ("Hög grad av engagemang"). */
  readonly text: string | null;
  readonly comment: string | null;
  readonly effectiveOn: LocalDate;
  readonly actorId: string | null;
  readonly importId: string | null;
  readonly recordedAt: string;
}

/** Why a value does not fit its indicator's unit; null when it fits. */
export function valueProblem(unit: IndicatorUnit, value: number): string | null {
  if (!Number.isFinite(value)) return 'is not a number';
  if (unit.kind === 'percent' && (value < 0 || value > 100)) return 'is a percentage and must be between 0 and 100';
  if (unit.kind === 'count' && value < 0) return 'is a count and must not be negative';
  if (unit.kind === 'scale') {
    if (!Number.isInteger(value)) return `is a step on the scale ${unit.min}–${unit.max} and must be a whole number`;
    if (value < unit.min || value > unit.max) return `must be a step on the scale ${unit.min}–${unit.max}`;
  }
  return null;
}

/** How an outcome stands against its target (måluppfyllelse): met, on the way (at least half way from the baseline), or not. */
export type Attainment = 'met' | 'near' | 'missed' | 'no_target' | 'no_value';

export function attainment(def: Pick<IndicatorDefinition, 'direction' | 'baseline'>, target: number | undefined, outcome: number | undefined): Attainment {
  if (outcome === undefined) return 'no_value';
  if (target === undefined) return 'no_target';
  const better = def.direction === 'higher' ? outcome >= target : outcome <= target;
  if (better) return 'met';
  const base = def.baseline?.value;
  if (base === undefined || base === target) return 'missed';
  const share = (outcome - base) / (target - base);
  return share >= 0.5 ? 'near' : 'missed';
}

/** The change since the previous period with a value, judged by the indicator's direction. */
export type Trend = 'improving' | 'worsening' | 'unchanged' | 'none';

export function trend(direction: IndicatorDirection, previous: number | undefined, current: number | undefined): Trend {
  if (previous === undefined || current === undefined) return 'none';
  if (current === previous) return 'unchanged';
  return current > previous === (direction === 'higher') ? 'improving' : 'worsening';
}

export interface IndicatorPeriodFigure {
  readonly period: PeriodKey;
  readonly target: number | undefined;
  readonly value: IndicatorValueRecord | undefined;
  readonly attainment: Attainment;
  readonly trend: Trend;
}

/**
 * One indicator's values known on a date: for each period, the latest record effective on or
 * before it. Pass the records of one indicator only (periods of two would overwrite each other).
 * Records come in any order; their effect date, then their sequence, decide.
 */
export function valuesAsOf(records: readonly IndicatorValueRecord[], asOf: LocalDate | null): Map<PeriodKey, IndicatorValueRecord> {
  const known = new Map<PeriodKey, IndicatorValueRecord>();
  const ordered = [...records].sort((a, b) => compareLocalDates(a.effectiveOn, b.effectiveOn) || a.seq - b.seq);
  for (const r of ordered) {
    if (asOf !== null && compareLocalDates(r.effectiveOn, asOf) > 0) break;
    known.set(r.period, r);
  }
  return known;
}

/**
 * Baseline, target and outcome per period, with attainment and trend: every period that has a
 * target or a value known on the date, in time order.
 */
export function indicatorFigures(def: IndicatorDefinition, records: readonly IndicatorValueRecord[], asOf: LocalDate | null): IndicatorPeriodFigure[] {
  const values = valuesAsOf(records.filter((r) => r.indicatorId === def.id), asOf);
  const periods = [...new Set([...Object.keys(def.targets), ...values.keys()])].sort(comparePeriods);
  let previous: number | undefined = def.baseline?.value;
  return periods.map((period) => {
    const value = values.get(period);
    const target = def.targets[period];
    const figure = { period, target, value, attainment: attainment(def, target, value?.value), trend: trend(def.direction, previous, value?.value) };
    if (value) previous = value.value;
    return figure;
  });
}

/** "12,5 %", "340", "4 av 5" in the report's language. */
export function formatIndicatorValue(unit: IndicatorUnit, value: number | undefined, language: 'sv' | 'en'): string {
  if (value === undefined) return '–';
  const n = new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
  if (unit.kind === 'percent') return `${n} %`;
  if (unit.kind === 'scale') return language === 'sv' ? `${n} av ${unit.max}` : `${n} of ${unit.max}`;
  return n;
}
