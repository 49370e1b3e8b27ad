import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';

const { applyRetention } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** Runs kept in one workflow run before it continues as new (keeps the history small). */
const RUNS_PER_WORKFLOW_RUN = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionWorkflowInput {
  /** Judge retention once at this instant and return (an operator's or a test's run); daily for ever when left out. */
  asOf?: string;
  /** With `asOf`: only these programmes. */
  programmeIds?: string[];
}

/**
 * Retention (gallring), one workflow for everyone (id `retention`): once a day, every
 * completed programme whose retention period has ended has its personal data pseudonymised
 * and its mail purged. Idempotent, so a missed or repeated day does no harm.
 */
export async function retentionWorkflow(input: RetentionWorkflowInput = {}): Promise<{ applied: number }> {
  if (input.asOf !== undefined) {
    const { applied } = await applyRetention({ asOf: input.asOf, programmeIds: input.programmeIds });
    return { applied: applied.length };
  }
  for (let i = 0; i < RUNS_PER_WORKFLOW_RUN; i++) {
    await applyRetention({ asOf: new Date().toISOString() });
    await sleep(DAY_MS);
  }
  return continueAsNew<typeof retentionWorkflow>({});
}
