import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';

const { nextDigestAt, sendDigests } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Mornings kept in one run before it continues as new (keeps the history small). */
const MORNINGS_PER_RUN = 60;

/**
 * The daily digest (one workflow for everyone, id `digest`): at 08:00 each working day it
 * mails each person who chose the digest what is overdue, due today and coming.
 */
export async function digestWorkflow(): Promise<void> {
  for (let i = 0; i < MORNINGS_PER_RUN; i++) {
    const next = await nextDigestAt({ after: new Date().toISOString() });
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0) await sleep(wait);
    await sendDigests({ date: next.date });
  }
  await continueAsNew<typeof digestWorkflow>();
}
