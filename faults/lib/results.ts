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
  /** Extra copies (same Message-ID, or the same acknowledged write stored twice): window + other. */
  duplicates: number;
  /** Extra copies after a copy whose 250 never reached the client: the acknowledgement window (allowed). */
  windowDuplicates: number;
  /** Any other extra copy (not allowed). */
  otherDuplicates: number;
  /** Never arrived, not stored, never fired, or answered 5xx / wrote something. */
  lost: number;
  /** Mail to an intended recipient under a Message-ID that was not the intended one (not allowed). */
  newIdDuplicates: number;
  /** Acts the API acknowledged (2xx), checked against the audit trail; absent where a scenario issues none. */
  acts?: { acknowledged: number; once: number; missing: number; twice: number };
  /** Seconds the scenario took. */
  seconds: number;
  /** What happened, in one line (kill instant, outage length, status codes seen...). */
  notes: string;
  /** Anything else that failed the scenario (e.g. no 503 while the database was down). */
  problems: string[];
  /** The scenario file (filled in by recordRow), so the reporter sees which file recorded no row. */
  file?: string;
}

export function recordRow(row: FaultRow): void {
  const file = process.env[FAULT_RESULTS_ENV];
  if (!file) throw new Error(`${FAULT_RESULTS_ENV} is not set: run the fault suite with npm run test:faults`);
  const full: FaultRow = { ...row, file: expect.getState().testPath };
  appendFileSync(file, `${JSON.stringify(full)}\n`);
  console.log(
    `${row.scenario}: sent ${row.sent}, delivered ${row.delivered}, duplicates ${row.duplicates} (window ${row.windowDuplicates}, other ${row.otherDuplicates}), ` +
      `lost ${row.lost}, new Message-ID ${row.newIdDuplicates}${row.acts ? `, acts ${row.acts.acknowledged} (once ${row.acts.once}, missing ${row.acts.missing}, twice ${row.acts.twice})` : ''} — ${row.notes}`,
  );
}

/**
 * The promise, as a scenario asserts it on its own row (the reporter checks the same on
 * every row): nothing lost, no duplicate but window ones, no new Message-ID, every
 * acknowledged act in the audit trail exactly once, and no other problem.
 */
export function expectPromiseKept(row: FaultRow): void {
  expect(row.problems).toEqual([]);
  expect({ lost: row.lost, otherDuplicates: row.otherDuplicates, newIdDuplicates: row.newIdDuplicates, delivered: row.delivered }).toEqual({
    lost: 0,
    otherDuplicates: 0,
    newIdDuplicates: 0,
    delivered: row.sent,
  });
  if (row.acts) expect({ missing: row.acts.missing, twice: row.acts.twice, once: row.acts.once }).toEqual({ missing: 0, twice: 0, once: row.acts.acknowledged });
}
