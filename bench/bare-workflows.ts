// The limit's workflow: as little as a workflow can be while staying open, asleep on a timer
// as a programme waits for its next phase.
import { sleep } from '@temporalio/workflow';

export async function benchEmptyWorkflow(sleepMs = 365 * 24 * 3600 * 1000): Promise<void> {
  await sleep(sleepMs);
}
