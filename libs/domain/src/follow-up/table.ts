/**
 * Reads a follow-up table (already split into rows and cells by a CSV or XLSX reader) into
 * activities, or into the list of every problem found: row number as in the file, column,
 * value and why. Nothing is half-read: either every row is understood or none is taken.
 */
import { parseFollowUpStatusDetail, type FollowUpStatus } from '../status/follow-up-status';
import { parseBoards, type Board } from './boards';
import { COLUMN_HEADINGS, FOLLOW_UP_COLUMNS, HIERARCHY_LEVELS, matchColumn, REQUIRED_COLUMNS, type FollowUpColumn, type Hierarchy } from './columns';
import { parseDue, type Due } from './due';
import { cleanCell, matchKey } from './text';

export interface RawRow {
  /** The row's number as a person sees it in the file (1-based; a spreadsheet's row, a CSV's record counting the heading). */
  readonly rowNumber: number;
  readonly cells: readonly (string | null | undefined)[];
}

export interface ImportIssue {
  /** Row number as in the file. */
  readonly row: number;
  /** The column's heading as written in the file (or its standard heading when it is missing); null for the row as a whole. */
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
  /** A stable code for the reason, for clients to word in the user's language (where one is set). */
  readonly code?: string;
}

export interface ImportedActivity {
  readonly rowNumber: number;
  readonly hierarchy: Hierarchy;
  readonly activity: string;
  readonly boards: readonly string[];
  readonly due: Due | null;
  readonly moved: boolean;
  readonly status: FollowUpStatus | null;
  readonly comment: string | null;
  /** 0 for the first row with this hierarchy and activity text, 1 for the second, … */
  readonly occurrence: number;
  /** Stable identity across re-imports: hierarchy path, activity text (case and spacing ignored) and occurrence. */
  readonly naturalKey: string;
}

export interface TableOptions {
  readonly year: number;
  readonly boards: readonly Board[];
}

export type TableParseResult =
  | {
      readonly ok: true;
      readonly activities: readonly ImportedActivity[];
      readonly headerRow: number;
      /** The table's columns that were recognised (a plan not yet followed up may lack Status and Kommentar). */
      readonly columns: readonly FollowUpColumn[];
      readonly ignoredColumns: readonly string[];
    }
  | { readonly ok: false; readonly issues: readonly ImportIssue[] };

export const MAX_TEXT_LENGTH = 4000;
export const MAX_COMMENT_LENGTH = 10000;
/** How far down the heading row may be (a title or a blank line may come first). */
const HEADER_SEARCH_ROWS = 20;

interface Header {
  readonly index: number;
  readonly rowNumber: number;
  readonly positions: ReadonlyMap<FollowUpColumn, number>;
  readonly headings: ReadonlyMap<FollowUpColumn, string>;
  readonly ignored: readonly string[];
  readonly issues: readonly ImportIssue[];
}

function findHeader(rows: readonly RawRow[]): Header | undefined {
  let best: Header | undefined;
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index += 1) {
    const row = rows[index];
    const positions = new Map<FollowUpColumn, number>();
    const headings = new Map<FollowUpColumn, string>();
    const ignored: string[] = [];
    const issues: ImportIssue[] = [];
    row.cells.forEach((cell, i) => {
      const heading = cleanCell(cell);
      if (heading === '') return;
      const column = matchColumn(heading);
      if (!column) {
        ignored.push(heading);
      } else if (positions.has(column)) {
        issues.push({ row: row.rowNumber, column: heading, value: heading, reason: `is a second "${COLUMN_HEADINGS.sv[column]}" column` });
      } else {
        positions.set(column, i);
        headings.set(column, heading);
      }
    });
    if (!positions.has('activity')) continue;
    const candidate: Header = { index, rowNumber: row.rowNumber, positions, headings, ignored, issues };
    if (!best || positions.size > best.positions.size) best = candidate;
    if (positions.size === FOLLOW_UP_COLUMNS.length) break;
  }
  return best;
}

/** How many of the table's columns the best heading row names (0: no heading with "Aktivitet"). */
export function headerScore(rows: readonly RawRow[]): number {
  return findHeader(rows)?.positions.size ?? 0;
}

/** Comments may have line breaks; each line is tidied and blank lines at either end dropped. */
function cleanComment(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => cleanCell(line))
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

/** The identity of an activity in a plan across imports. */
export function naturalKeyOf(hierarchy: Hierarchy, activity: string, occurrence: number): string {
  return [...HIERARCHY_LEVELS.map((level) => matchKey(hierarchy[level])), matchKey(activity), String(occurrence)].join('\u001f');
}

export function parseFollowUpTable(rows: readonly RawRow[], options: TableOptions): TableParseResult {
  const header = findHeader(rows);
  if (!header) {
    const first = rows.find((r) => r.cells.some((c) => cleanCell(c) !== ''));
    return {
      ok: false,
      issues: [
        {
          row: first?.rowNumber ?? 1,
          column: COLUMN_HEADINGS.sv.activity,
          value: null,
          reason: `no heading row found: the table needs the columns ${REQUIRED_COLUMNS.map((c) => `"${COLUMN_HEADINGS.sv[c]}"`).join(', ')} (optionally ${FOLLOW_UP_COLUMNS.filter((c) => !REQUIRED_COLUMNS.includes(c)).map((c) => `"${COLUMN_HEADINGS.sv[c]}"`).join(', ')})`,
        },
      ],
    };
  }
  const issues: ImportIssue[] = [...header.issues];
  for (const column of REQUIRED_COLUMNS) {
    if (!header.positions.has(column)) {
      issues.push({ row: header.rowNumber, column: COLUMN_HEADINGS.sv[column], value: null, reason: 'column is missing' });
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const heading = (column: FollowUpColumn) => header.headings.get(column) ?? COLUMN_HEADINGS.sv[column];
  const activities: ImportedActivity[] = [];
  const occurrences = new Map<string, number>();
  const spellings = new Map<string, string>();

  for (const row of rows.slice(header.index + 1)) {
    const raw = (column: FollowUpColumn): string | null => {
      const i = header.positions.get(column);
      const value = i === undefined ? undefined : row.cells[i];
      return value === undefined || value === null ? null : String(value);
    };
    const text = (column: FollowUpColumn) => cleanCell(raw(column));
    if (row.cells.every((c) => cleanCell(c) === '')) continue; // blank line
    const problem = (column: FollowUpColumn, reason: string) =>
      issues.push({ row: row.rowNumber, column: heading(column), value: raw(column), reason });

    const activity = text('activity');
    if (activity === '') problem('activity', 'is required: one activity per row');
    else if (activity.length > MAX_TEXT_LENGTH) problem('activity', `is longer than ${MAX_TEXT_LENGTH} characters`);

    const hierarchy = {} as Record<(typeof HIERARCHY_LEVELS)[number], string | null>;
    let path = '';
    for (const level of HIERARCHY_LEVELS) {
      const value = text(level);
      if (value.length > MAX_TEXT_LENGTH) problem(level, `is longer than ${MAX_TEXT_LENGTH} characters`);
      // A goal written with other case or spacing further down is the same goal: its first spelling is used.
      path += `\u001f${matchKey(value)}`;
      if (value !== '' && !spellings.has(path)) spellings.set(path, value);
      hierarchy[level] = value === '' ? null : spellings.get(path)!;
    }

    const boards = parseBoards(raw('boards'), options.boards);
    if (!boards.ok) problem('boards', boards.reason);

    let status: FollowUpStatus | null = null;
    let statusPostponedTo: string | undefined;
    const statusText = text('status');
    if (statusText !== '') {
      const parsed = parseFollowUpStatusDetail(statusText);
      if (!parsed) problem('status', 'is not a follow-up status (Genomfört, Pågående/Pågår, Kvarstår, Pausad, Förskjuten)');
      else {
        status = parsed.status;
        statusPostponedTo = parsed.postponedTo;
      }
    }

    // "Förskjuts till 2023" in Status and nothing in Slutfört: the status says when.
    const dueText = text('due') === '' && statusPostponedTo ? `Förskjuts till ${statusPostponedTo}` : raw('due');
    let due = parseDue(dueText, options.year);
    if (!due.ok) problem(text('due') === '' ? 'status' : 'due', due.reason);
    // Slutfört is required (every activity has a deadline the board follows up); the table must say when.
    else if (due.due === null) {
      problem('due', `is required: when the activity is to be done, e.g. "December", "Hösten" or "${options.year}-11-30"`);
      due = { ok: false, reason: 'required' };
    }

    const comment = cleanComment(raw('comment'));
    if (comment.length > MAX_COMMENT_LENGTH) problem('comment', `is longer than ${MAX_COMMENT_LENGTH} characters`);

    if (activity === '' || !boards.ok || !due.ok) continue;
    const base = naturalKeyOf(hierarchy, activity, 0);
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    activities.push({
      rowNumber: row.rowNumber,
      hierarchy,
      activity,
      boards: boards.boards,
      due: due.due,
      moved: due.moved,
      status,
      comment: comment === '' ? null : comment,
      occurrence,
      naturalKey: naturalKeyOf(hierarchy, activity, occurrence),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (activities.length === 0) {
    return { ok: false, issues: [{ row: header.rowNumber, column: null, value: null, reason: 'the table has a heading but no activities' }] };
  }
  const columns = FOLLOW_UP_COLUMNS.filter((c) => header.positions.has(c));
  return { ok: true, activities, headerRow: header.rowNumber, columns, ignoredColumns: header.ignored };
}
