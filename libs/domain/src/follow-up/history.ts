/**
 * The history of a follow-up plan's activities: append-only events, each with the date it
 * took effect. A plan's state on any date is the fold of the events effective on or before
 * it, so a change recorded later never alters the answer for an earlier date.
 */
import { compareLocalDates, type LocalDate } from '../calendar/local-date';
import type { FollowUpStatus } from '../status/follow-up-status';
import type { Hierarchy } from './columns';
import { deadlineOf, sameDue, type Due } from './due';
import type { ImportedActivity } from './table';

export const ACTIVITY_EVENT_TYPES = ['created', 'status_changed', 'comment_changed', 'deadline_moved', 'boards_changed'] as const;
export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];

export interface ActivityCreated {
  readonly position: number;
  readonly hierarchy: Hierarchy;
  readonly activity: string;
  readonly boards: readonly string[];
  readonly due: Due | null;
  /** The deadline had been moved from the adopted plan already (an asterisk in the imported table). */
  readonly moved: boolean;
  readonly status: FollowUpStatus | null;
  readonly comment: string | null;
}

export interface StatusChanged {
  readonly from: FollowUpStatus | null;
  readonly to: FollowUpStatus | null;
}

export interface CommentChanged {
  readonly from: string | null;
  readonly to: string | null;
}

export interface DeadlineMoved {
  readonly from: Due | null;
  readonly to: Due | null;
  /** The deadline as the plan was adopted; null when unknown (imported already moved). */
  readonly original: Due | null;
  /** Whether the deadline now differs from the adopted plan (drives the asterisk). */
  readonly moved: boolean;
  readonly reason: string | null;
}

export interface BoardsChanged {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export type ActivityChange =
  | { readonly type: 'created'; readonly data: ActivityCreated }
  | { readonly type: 'status_changed'; readonly data: StatusChanged }
  | { readonly type: 'comment_changed'; readonly data: CommentChanged }
  | { readonly type: 'deadline_moved'; readonly data: DeadlineMoved }
  | { readonly type: 'boards_changed'; readonly data: BoardsChanged };

/** A stored change: which activity, when it took effect, and its place in the plan's history. */
export type ActivityEvent = ActivityChange & {
  readonly activityId: string;
  readonly effectiveOn: LocalDate;
  /** Ascending within a plan in the order the events were recorded. */
  readonly seq: number;
};

export interface ActivityState {
  readonly id: string;
  readonly position: number;
  /** Seq of the created event: breaks ties between equal positions. */
  readonly createdSeq: number;
  readonly createdOn: LocalDate;
  readonly hierarchy: Hierarchy;
  readonly activity: string;
  readonly boards: readonly string[];
  readonly due: Due | null;
  readonly originalDue: Due | null;
  readonly moved: boolean;
  readonly status: FollowUpStatus | null;
  readonly comment: string | null;
  readonly lastChangedOn: LocalDate;
}

/**
 * Folds events in history order. Feed it the events effective on or before a date (in
 * batches if there are many) and it holds every activity as it stood on that date.
 */
export class FollowUpHistory {
  private readonly states = new Map<string, ActivityState>();
  private last: { effectiveOn: LocalDate; seq: number } | undefined;

  /** Applies one event; events must come in (effectiveOn, seq) order. */
  apply(event: ActivityEvent): void {
    if (this.last) {
      const order = compareLocalDates(event.effectiveOn, this.last.effectiveOn) || event.seq - this.last.seq;
      if (order <= 0) throw new RangeError(`follow-up events out of order: ${event.effectiveOn}#${event.seq} after ${this.last.effectiveOn}#${this.last.seq}`);
    }
    this.last = { effectiveOn: event.effectiveOn, seq: event.seq };
    if (event.type === 'created') {
      const d = event.data;
      this.states.set(event.activityId, {
        id: event.activityId,
        position: d.position,
        createdSeq: event.seq,
        createdOn: event.effectiveOn,
        hierarchy: d.hierarchy,
        activity: d.activity,
        boards: d.boards,
        due: d.due,
        originalDue: d.moved ? null : d.due,
        moved: d.moved,
        status: d.status,
        comment: d.comment,
        lastChangedOn: event.effectiveOn,
      });
      return;
    }
    const state = this.states.get(event.activityId);
    if (!state) throw new RangeError(`follow-up event #${event.seq} (${event.type}) for activity ${event.activityId} before it was created`);
    const changed = { lastChangedOn: event.effectiveOn };
    switch (event.type) {
      case 'status_changed':
        this.states.set(state.id, { ...state, ...changed, status: event.data.to });
        return;
      case 'comment_changed':
        this.states.set(state.id, { ...state, ...changed, comment: event.data.to });
        return;
      case 'deadline_moved':
        this.states.set(state.id, { ...state, ...changed, due: event.data.to, originalDue: event.data.original, moved: event.data.moved });
        return;
      case 'boards_changed':
        this.states.set(state.id, { ...state, ...changed, boards: event.data.to });
        return;
    }
  }

  get(activityId: string): ActivityState | undefined {
    return this.states.get(activityId);
  }

  /** Every activity created so far, in plan order (position, then creation). */
  activities(): ActivityState[] {
    return [...this.states.values()].sort((a, b) => a.position - b.position || a.createdSeq - b.createdSeq);
  }

  get lastEffectiveOn(): LocalDate | undefined {
    return this.last?.effectiveOn;
  }
}

/** The activities as they stood at the end of `asOf`, from the events alone (in any order). */
export function activitiesAsOf(events: Iterable<ActivityEvent>, asOf: LocalDate): ActivityState[] {
  const applicable = [...events]
    .filter((e) => compareLocalDates(e.effectiveOn, asOf) <= 0)
    .sort((a, b) => compareLocalDates(a.effectiveOn, b.effectiveOn) || a.seq - b.seq);
  const history = new FollowUpHistory();
  for (const event of applicable) history.apply(event);
  return history.activities();
}

function sameDeadline(a: Due | null, b: Due | null): boolean {
  if (a === null || b === null) return a === b;
  return deadlineOf(a) === deadlineOf(b);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => b[i] === x);

export interface ImportColumns {
  /** The table has a Status column; without one, statuses are left as they are. */
  readonly status: boolean;
  /** The table has a Kommentar column; without one, comments are left as they are. */
  readonly comment: boolean;
}

/**
 * What an imported row changes about an activity (nothing if the row says what the activity
 * already says). A new activity is one `created` change. A column the table lacks changes
 * nothing: re-importing the adopted plan does not erase a year's follow-up.
 */
export function changesFromImport(
  current: ActivityState | undefined,
  row: ImportedActivity,
  columns: ImportColumns = { status: true, comment: true },
): ActivityChange[] {
  if (!current) {
    return [
      {
        type: 'created',
        data: {
          position: row.rowNumber,
          hierarchy: row.hierarchy,
          activity: row.activity,
          boards: row.boards,
          due: row.due,
          moved: row.moved,
          status: row.status,
          comment: row.comment,
        },
      },
    ];
  }
  const changes: ActivityChange[] = [];
  if (columns.status && current.status !== row.status) changes.push({ type: 'status_changed', data: { from: current.status, to: row.status } });
  if (columns.comment && current.comment !== row.comment) changes.push({ type: 'comment_changed', data: { from: current.comment, to: row.comment } });
  // A first due date where the plan had none is the adopted one, not a move.
  const original = current.moved ? current.originalDue : (current.due ?? row.due);
  const moved = row.moved || (original !== null && !sameDeadline(row.due, original));
  if (!sameDue(current.due, row.due) || current.moved !== moved) {
    changes.push({ type: 'deadline_moved', data: { from: current.due, to: row.due, original, moved, reason: null } });
  }
  if (!sameList(current.boards, row.boards)) changes.push({ type: 'boards_changed', data: { from: current.boards, to: row.boards } });
  return changes;
}

export function statusChange(current: ActivityState, to: FollowUpStatus): ActivityChange | null {
  return current.status === to ? null : { type: 'status_changed', data: { from: current.status, to } };
}

export function commentChange(current: ActivityState, to: string | null): ActivityChange | null {
  return current.comment === to ? null : { type: 'comment_changed', data: { from: current.comment, to } };
}

/** Moving a deadline keeps the adopted one; moving it back there clears the asterisk. */
export function deadlineChange(current: ActivityState, to: Due, reason: string): ActivityChange | null {
  const original = current.moved ? current.originalDue : (current.due ?? to);
  const moved = original === null ? true : !sameDeadline(to, original);
  if (sameDue(current.due, to) && current.moved === moved) return null;
  return { type: 'deadline_moved', data: { from: current.due, to, original, moved, reason } };
}
