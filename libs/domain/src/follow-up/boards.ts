/**
 * The "Nämnd" column: one or more boards, by abbreviation ("BiN", "BiN, BoU", "BiN och BoU")
 * or by full name ("Bildningsnämnden"), matched to the plan's boards regardless of case.
 */
import { cleanCell, foldKey } from './text';

export interface Board {
  /** Abbreviation as the plan writes it, e.g. "BiN". */
  readonly code: string;
  /** Full name, e.g. "Bildningsnämnden". */
  readonly name: string;
}

export type BoardsParseResult = { readonly ok: true; readonly boards: readonly string[] } | { readonly ok: false; readonly reason: string };

const SEPARATORS = /\s*(?:,|;|\/|&|\+|\boch\b|\band\b|\n)\s*/i;

/** Board codes in the plan's order; blank means the plan's only board, if it has one. */
export function parseBoards(input: string | null | undefined, planBoards: readonly Board[]): BoardsParseResult {
  const text = cleanCell(input);
  if (text === '') {
    if (planBoards.length === 1) return { ok: true, boards: [planBoards[0].code] };
    return { ok: false, reason: `must name at least one board (${planBoards.map((b) => b.code).join(', ')})` };
  }
  const found = new Set<string>();
  for (const token of text.split(SEPARATORS)) {
    if (token.trim() === '') continue;
    const key = foldKey(token);
    const board = planBoards.find((b) => foldKey(b.code) === key || foldKey(b.name) === key);
    if (!board) return { ok: false, reason: `"${token.trim()}" is not one of the plan's boards (${planBoards.map((b) => b.code).join(', ')})` };
    found.add(board.code);
  }
  if (found.size === 0) return { ok: false, reason: `must name at least one board (${planBoards.map((b) => b.code).join(', ')})` };
  return { ok: true, boards: planBoards.map((b) => b.code).filter((c) => found.has(c)) };
}

/** "BiN, BoU". */
export function formatBoards(codes: readonly string[]): string {
  return codes.join(', ');
}

/** The plan's board for a code given in a query, regardless of case; undefined if none. */
export function findBoard(code: string, planBoards: readonly Board[]): Board | undefined {
  const key = foldKey(code);
  return key === '' ? undefined : planBoards.find((b) => foldKey(b.code) === key || foldKey(b.name) === key);
}
