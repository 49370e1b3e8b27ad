/**
 * A follow-up report as of a date: every activity as it stood then, grouped by the hierarchy,
 * optionally for one board, with a summary a board can read (Swedish by default).
 */
import { compareLocalDates, type LocalDate } from '../calendar/local-date';
import { FOLLOW_UP_STATUSES, followUpStatusLabel, type FollowUpStatus } from '../status/follow-up-status';
import type { Board } from './boards';
import { HIERARCHY_LEVELS, type HierarchyLevel } from './columns';
import { deadlineOf, formatDue, MONTH_NAMES, type Due } from './due';
import type { ActivityState } from './history';
import { capitalise, joinList } from './text';
import type { IndicatorReport } from '../indicators/indicator-report';

export type ReportLanguage = 'sv' | 'en';

/** A status, or none reported yet. */
export type StatusKey = FollowUpStatus | 'not_reported';
export const STATUS_KEYS: readonly StatusKey[] = [...FOLLOW_UP_STATUSES, 'not_reported'];

export function statusKeyLabel(key: StatusKey, language: ReportLanguage): string {
  if (key === 'not_reported') return language === 'sv' ? 'Ej rapporterad' : 'Not reported';
  return followUpStatusLabel(key, language);
}

/** How an activity's deadline has moved since the plan was adopted. */
export type Movement = 'within_year' | 'later_year' | 'earlier';

export interface PlanInfo {
  readonly id: string;
  readonly name: string;
  readonly municipality: string;
  readonly year: number;
  readonly boards: readonly Board[];
}

export interface FollowUpReportRow {
  readonly activityId: string;
  readonly perspective: string | null;
  readonly municipalGoal: string | null;
  readonly boardGoal: string | null;
  readonly strategicAssignment: string | null;
  readonly activity: string;
  readonly boards: readonly string[];
  readonly due: Due | null;
  /** As the "Slutfört" column reads, e.g. "December*", "Maj/November", "Förskjuts till 2023". */
  readonly dueLabel: string;
  readonly deadline: LocalDate | null;
  /** The deadline had been moved from the adopted plan by the report's date (the asterisk). */
  readonly moved: boolean;
  readonly movement: Movement | null;
  readonly status: FollowUpStatus | null;
  readonly statusLabel: string;
  readonly comment: string | null;
  /** The indicators the activity is expected to move (förväntad effekt), by name. */
  readonly indicators?: readonly string[];
}

export interface FollowUpSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<StatusKey, number>>;
  /** Moved to a later date within the plan's year. */
  readonly movedWithinYear: number;
  /** Moved (postponed) to a later year. */
  readonly movedToLaterYear: number;
  readonly movedEarlier: number;
  /** The summary as sentences, in the report's language. */
  readonly sentences: readonly string[];
}

export interface FollowUpReport {
  readonly plan: PlanInfo;
  readonly asOf: LocalDate;
  readonly board: Board | null;
  readonly language: ReportLanguage;
  readonly title: string;
  readonly summary: FollowUpSummary;
  readonly rows: readonly FollowUpReportRow[];
  /** The plan's indicators (baseline, target and outcome per period) and analyses, as of the same date. */
  readonly indicators?: IndicatorReport;
}

export function movementOf(state: Pick<ActivityState, 'due' | 'moved' | 'originalDue'>, planYear: number): Movement | null {
  const due = state.due;
  if (!due || !(state.moved || due.postponed)) return null;
  const deadline = deadlineOf(due);
  if (due.year > planYear) return 'later_year';
  if (state.originalDue && compareLocalDates(deadline, deadlineOf(state.originalDue)) < 0) return 'earlier';
  return 'within_year';
}

/** "31 augusti 2022" / "31 August 2022". */
export function formatLongDate(date: LocalDate, language: ReportLanguage = 'sv'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[language][m - 1]} ${y}`;
}

/**
 * Orders rows by the hierarchy, each level in the order it first appears in the plan, so that
 * all activities under one goal stand together even if the imported table scattered them.
 */
function groupOrder(states: readonly ActivityState[]): ActivityState[] {
  const first = new Map<string, number>();
  const paths = states.map((s) => {
    const keys: string[] = [];
    let path = '';
    for (const level of HIERARCHY_LEVELS) {
      path += `\u001f${s.hierarchy[level] ?? ''}`;
      if (!first.has(path)) first.set(path, first.size);
      keys.push(path);
    }
    return keys.map((k) => first.get(k)!);
  });
  return states
    .map((state, i) => ({ state, order: paths[i], i }))
    .sort((a, b) => {
      for (let level = 0; level < a.order.length; level += 1) {
        const diff = a.order[level] - b.order[level];
        if (diff !== 0) return diff;
      }
      return a.i - b.i;
    })
    .map((x) => x.state);
}

export interface ReportInput {
  readonly plan: PlanInfo;
  /** The activities as of the date (see FollowUpHistory / activitiesAsOf). */
  readonly activities: readonly ActivityState[];
  readonly asOf: LocalDate;
  readonly board?: Board | null;
  readonly language?: ReportLanguage;
}

export function buildFollowUpReport(input: ReportInput): FollowUpReport {
  const language = input.language ?? 'sv';
  const board = input.board ?? null;
  // The hierarchy's order is the whole plan's, so a board's report lists goals in the same order.
  const all = groupOrder([...input.activities].sort((a, b) => a.position - b.position || a.createdSeq - b.createdSeq));
  const ordered = board ? all.filter((a) => a.boards.includes(board.code)) : all;
  const rows = ordered.map((s): FollowUpReportRow => ({
    activityId: s.id,
    perspective: s.hierarchy.perspective,
    municipalGoal: s.hierarchy.municipalGoal,
    boardGoal: s.hierarchy.boardGoal,
    strategicAssignment: s.hierarchy.strategicAssignment,
    activity: s.activity,
    boards: s.boards,
    due: s.due,
    dueLabel: formatDue(s.due, input.plan.year, s.moved && !(s.due?.postponed ?? false), language),
    deadline: s.due ? deadlineOf(s.due) : null,
    moved: s.moved || (s.due?.postponed ?? false),
    movement: movementOf(s, input.plan.year),
    status: s.status,
    statusLabel: s.status ? followUpStatusLabel(s.status, language) : '',
    comment: s.comment,
  }));
  const summary = summarise(rows, { asOf: input.asOf, board, language, plan: input.plan });
  return {
    plan: input.plan,
    asOf: input.asOf,
    board,
    language,
    title: reportTitle(input.plan, input.asOf, board, language),
    summary,
    rows,
  };
}

export function reportTitle(plan: PlanInfo, asOf: LocalDate, board: Board | null, language: ReportLanguage): string {
  const date = formatLongDate(asOf, language);
  if (language === 'sv') return `Uppföljning av ${plan.name} per den ${date}${board ? `, ${board.name}` : ''}`;
  return `Follow-up of ${plan.name} as of ${date}${board ? `, ${board.name}` : ''}`;
}

const SV_STATUS: Record<StatusKey, (n: number) => string> = {
  done: (n) => (n === 1 ? 'är genomförd' : 'är genomförda'),
  in_progress: () => 'pågår',
  remaining: () => 'kvarstår',
  paused: (n) => (n === 1 ? 'är pausad' : 'är pausade'),
  postponed: (n) => (n === 1 ? 'är förskjuten' : 'är förskjutna'),
  not_reported: () => 'saknar rapporterad status',
};

const EN_STATUS: Record<StatusKey, (n: number) => string> = {
  done: () => 'done',
  in_progress: () => 'in progress',
  remaining: () => 'remaining (not started)',
  paused: () => 'paused',
  postponed: () => 'postponed',
  not_reported: () => 'without a reported status',
};

const svActivities = (n: number) => `${n} ${n === 1 ? 'aktivitet' : 'aktiviteter'}`;
const enActivities = (n: number) => `${n} ${n === 1 ? 'activity' : 'activities'}`;

export function summarise(
  rows: readonly Pick<FollowUpReportRow, 'status' | 'movement'>[],
  context: { asOf: LocalDate; board: Board | null; language: ReportLanguage; plan: Pick<PlanInfo, 'year'> },
): FollowUpSummary {
  const byStatus = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<StatusKey, number>;
  let movedWithinYear = 0;
  let movedToLaterYear = 0;
  let movedEarlier = 0;
  for (const row of rows) {
    byStatus[row.status ?? 'not_reported'] += 1;
    if (row.movement === 'within_year') movedWithinYear += 1;
    else if (row.movement === 'later_year') movedToLaterYear += 1;
    else if (row.movement === 'earlier') movedEarlier += 1;
  }
  const counts = { total: rows.length, byStatus, movedWithinYear, movedToLaterYear, movedEarlier };
  return { ...counts, sentences: summarySentences(counts, context) };
}

function summarySentences(
  c: Omit<FollowUpSummary, 'sentences'>,
  { asOf, board, language }: { asOf: LocalDate; board: Board | null; language: ReportLanguage },
): string[] {
  const date = formatLongDate(asOf, language);
  const present = STATUS_KEYS.filter((k) => c.byStatus[k] > 0);
  if (language === 'sv') {
    const sentences = [`Uppföljningen per den ${date} omfattar ${svActivities(c.total)}${board ? ` för ${board.name} (${board.code})` : ''}.`];
    if (c.total === 0) return sentences;
    const clauses = present.map((k, i) => `${i === 0 ? svActivities(c.byStatus[k]) : c.byStatus[k]} ${SV_STATUS[k](c.byStatus[k])}`);
    sentences.push(`${capitalise(joinList(clauses, 'sv'))}.`);
    const within = c.movedWithinYear;
    const later = c.movedToLaterYear;
    if (within === 0 && later === 0) sentences.push('Ingen aktivitet har flyttats till ett senare datum.');
    else {
      const w = within === 0 ? 'Ingen aktivitet har flyttats till ett senare datum under året' : `${svActivities(within)} har flyttats till ett senare datum under året`;
      const l = later === 0 ? 'ingen har förskjutits till ett senare år' : `${later} har förskjutits till ett senare år`;
      sentences.push(`${w} och ${l}.`);
    }
    if (c.movedEarlier > 0) sentences.push(`${svActivities(c.movedEarlier)} har flyttats till ett tidigare datum.`);
    return sentences;
  }
  const sentences = [`The follow-up as of ${date} covers ${enActivities(c.total)}${board ? ` for ${board.name} (${board.code})` : ''}.`];
  if (c.total === 0) return sentences;
  const clauses = present.map((k, i) => `${i === 0 ? enActivities(c.byStatus[k]) : c.byStatus[k]} ${i === 0 ? (c.byStatus[k] === 1 ? 'is ' : 'are ') : ''}${EN_STATUS[k](c.byStatus[k])}`);
  sentences.push(`${capitalise(joinList(clauses, 'en'))}.`);
  const within = c.movedWithinYear;
  const later = c.movedToLaterYear;
  if (within === 0 && later === 0) sentences.push('No activity has been moved to a later date.');
  else {
    const w = within === 0 ? 'No activity has been moved to a later date within the year' : `${enActivities(within)} ${within === 1 ? 'has' : 'have'} been moved to a later date within the year`;
    const l = later === 0 ? 'none has been postponed to a later year' : `${later} ${later === 1 ? 'has' : 'have'} been postponed to a later year`;
    sentences.push(`${w} and ${l}.`);
  }
  if (c.movedEarlier > 0) sentences.push(`${enActivities(c.movedEarlier)} ${c.movedEarlier === 1 ? 'has' : 'have'} been moved to an earlier date.`);
  return sentences;
}

export type ReportLine =
  | { readonly kind: 'heading'; readonly level: HierarchyLevel; readonly depth: number; readonly title: string }
  | { readonly kind: 'activity'; readonly row: FollowUpReportRow };

/**
 * The rows with a heading wherever a hierarchy level changes (blank levels get none), as a
 * board's table shows them. A generator, so exporters can write line by line.
 */
export function* reportLines(rows: Iterable<FollowUpReportRow>): Generator<ReportLine> {
  let previous: (string | null)[] | undefined;
  for (const row of rows) {
    const path = HIERARCHY_LEVELS.map((level) => row[level]);
    const changedAt = previous === undefined ? 0 : path.findIndex((value, i) => value !== previous![i]);
    if (changedAt >= 0) {
      for (let depth = changedAt; depth < HIERARCHY_LEVELS.length; depth += 1) {
        const title = path[depth];
        if (title) yield { kind: 'heading', level: HIERARCHY_LEVELS[depth], depth, title };
      }
    }
    previous = path;
    yield { kind: 'activity', row };
  }
}
