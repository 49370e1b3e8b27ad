import { appendFileSync } from 'node:fs';

/** Where scenarios append their rows (set by the fault suite's global setup, read by its reporter). */
export const FAULT_RESULTS_ENV = 'FULLFOLJ_FAULT_RESULTS';

/**
 * One row of the table. For mail, counted at the SMTP server by Message-ID; for writes,
 * counted in the database against what the API acknowledged; for timers, against what was
 * scheduled; for bad input, requests sent against requests answered 4xx without a write.
 */
export interface FaultRow {
  scenario: string;
  /** Messages, acknowledged writes, scheduled timers or hostile requests put in. */
  sent: number;
  /** Of those: arrived, stored, fired, or answered as they must be. */
  delivered: number;
  /** Extra copies (same Message-ID or the same acknowledged write stored twice). */
  duplicates: number;
  /** Never arrived, not stored, never fired, or answered 5xx / wrote something. */
  lost: number;
  /** Seconds the scenario took. */
  seconds: number;
  /** What happened, in one line (kill instant, outage length, status codes seen...). */
  notes: string;
  /** Anything else that failed the scenario (e.g. no 503 while the database was down). */
  problems: string[];
}

export function recordRow(row: FaultRow): void {
  const file = process.env[FAULT_RESULTS_ENV];
  if (!file) throw new Error(`${FAULT_RESULTS_ENV} is not set: run the fault suite with npm run test:faults`);
  appendFileSync(file, `${JSON.stringify(row)}\n`);
  console.log(`${row.scenario}: sent ${row.sent}, delivered ${row.delivered}, duplicates ${row.duplicates}, lost ${row.lost} — ${row.notes}`);
}
