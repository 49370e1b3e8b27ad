import { compareLocalDates, type LocalDate } from '../calendar/local-date';

/**
 * The administration's analysis and judgement (analys och bedömning) of one goal, strategic
 * assignment or indicator for one period. Each save is a new version (utkast); a version is
 * marked ready (klarmarkerad) and approved by an owner of the plan. Once the period's report
 * is approved, its analyses are locked.
 */
export type AnalysisSubjectKind = 'goal' | 'assignment' | 'indicator';

export const ANALYSIS_SUBJECT_KINDS: readonly AnalysisSubjectKind[] = ['goal', 'assignment', 'indicator'];

/** Overall status of the judgement (samlad bedömning). */
export type AnalysisStatus = 'on_track' | 'partly' | 'not_on_track';

export const ANALYSIS_STATUSES: readonly AnalysisStatus[] = ['on_track', 'partly', 'not_on_track'];

export type AnalysisState = 'draft' | 'ready' | 'approved';

export type AnalysisEvent =
  | { readonly type: 'drafted'; readonly version: number; readonly text: string; readonly status: AnalysisStatus }
  | { readonly type: 'marked_ready'; readonly version: number }
  | { readonly type: 'approved'; readonly version: number };

export interface AnalysisEventRecord {
  readonly seq: number;
  readonly analysisId: string;
  readonly event: AnalysisEvent;
  readonly effectiveOn: LocalDate;
  readonly actorId: string | null;
}

export interface AnalysisVersion {
  readonly version: number;
  readonly text: string;
  readonly status: AnalysisStatus;
  readonly state: AnalysisState;
  readonly writtenOn: LocalDate;
  readonly writtenBy: string | null;
  readonly readyOn: LocalDate | null;
  readonly approvedOn: LocalDate | null;
  readonly approvedBy: string | null;
}

export interface AnalysisFold {
  /** The newest version known on the date. */
  readonly current: AnalysisVersion | null;
  /** The newest approved version known on the date; what a board report prefers. */
  readonly approved: AnalysisVersion | null;
  readonly versions: readonly AnalysisVersion[];
}

/** Folds one analysis's events known on a date (null: all of them). */
export function foldAnalysis(records: readonly AnalysisEventRecord[], asOf: LocalDate | null): AnalysisFold {
  const versions = new Map<number, AnalysisVersion>();
  const ordered = [...records].sort((a, b) => compareLocalDates(a.effectiveOn, b.effectiveOn) || a.seq - b.seq);
  for (const r of ordered) {
    if (asOf !== null && compareLocalDates(r.effectiveOn, asOf) > 0) break;
    const e = r.event;
    if (e.type === 'drafted') {
      versions.set(e.version, {
        version: e.version,
        text: e.text,
        status: e.status,
        state: 'draft',
        writtenOn: r.effectiveOn,
        writtenBy: r.actorId,
        readyOn: null,
        approvedOn: null,
        approvedBy: null,
      });
      continue;
    }
    const v = versions.get(e.version);
    if (!v) continue;
    versions.set(
      e.version,
      e.type === 'marked_ready' ? { ...v, state: 'ready', readyOn: r.effectiveOn } : { ...v, state: 'approved', approvedOn: r.effectiveOn, approvedBy: r.actorId },
    );
  }
  const list = [...versions.values()].sort((a, b) => a.version - b.version);
  const approved = [...list].reverse().find((v) => v.state === 'approved') ?? null;
  return { current: list[list.length - 1] ?? null, approved, versions: list };
}

/** Why an act on an analysis cannot happen now; null when it can. */
export function analysisActProblem(fold: AnalysisFold, act: 'draft' | 'ready' | 'approve', version?: number): { code: string; message: string } | null {
  if (act === 'draft') return null;
  const current = fold.current;
  if (!current || (version !== undefined && version !== current.version)) {
    return { code: 'analysis_version_stale', message: `version ${version ?? '?'} is not the newest version of this analysis (${current?.version ?? 'none'})` };
  }
  if (act === 'ready' && current.state !== 'draft') return { code: 'analysis_not_draft', message: `version ${current.version} is ${current.state} already` };
  if (act === 'approve' && current.state !== 'ready') {
    return { code: 'analysis_not_ready', message: `version ${current.version} must be marked ready before it is approved (it is ${current.state})` };
  }
  return null;
}

/** A stable key for a goal's or assignment's text, so analyses survive a changed capitalisation or spacing. */
export function analysisSubjectKey(kind: AnalysisSubjectKind, idOrText: string): string {
  if (kind === 'indicator') return idOrText.toLowerCase();
  return idOrText.normalize('NFC').toLocaleLowerCase('sv-SE').replace(/\s+/g, ' ').trim();
}
