// The limits' workflows: as little as a workflow can be. One stays open asleep on a timer, as
// a programme waits for its next phase; one sleeps until a given instant and then sends one
// ready-made message through an activity, as an item's reminder does.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BareActivities } from './bare-activities';

export async function benchEmptyWorkflow(sleepMs = 365 * 24 * 3600 * 1000): Promise<void> {
  await sleep(sleepMs);
}

const { benchSend } = proxyActivities<BareActivities>({ startToCloseTimeout: '2 minutes', retry: { initialInterval: '5 seconds', backoffCoefficient: 2 } });

export async function benchReminderWorkflow(input: { at: number; key: string }): Promise<void> {
  const wait = input.at - Date.now();
  if (wait > 0) await sleep(wait);
  await benchSend(input.key);
}
