import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * Test programmes run next calendar year, so their dates lie ahead of the servers' clocks
 * (which start at today's date) whenever the suite runs. `testDate('01-27')` is 27 January
 * next year; `testDate('02-15', 1)` is 15 February the year after.
 */
export const TEST_YEAR = new Date().getUTCFullYear() + 1;

export function testDate(monthDay: string, yearsLater = 0): string {
  return `${TEST_YEAR + yearsLater}-${monthDay}`;
}

/** Skips the time-skipping server's clock forward to noon (UTC) of a date. */
export async function advanceTo(env: TestWorkflowEnvironment, date: string): Promise<void> {
  const ms = Date.parse(`${date}T12:00:00Z`) - (await env.currentTimeMs());
  if (ms <= 0) throw new Error(`the test clock is already past ${date}`);
  await env.sleep(ms);
}
