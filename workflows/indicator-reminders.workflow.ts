import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import { IndicatorReminderCursor, indicatorReminderId, indicatorSignals, IndicatorRemindersInput } from '@fullfolj/contracts';

const { planIndicatorReminders, sendIndicatorReminder } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // No attempt limit: while SMTP or PostgreSQL is down, the reminder waits in the outbox and is retried.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Plans (each a re-plan after a send or a change) kept in one run before it continues as new. */
export const PLANS_PER_RUN = 100;

/** Why the workflow ended: the indicator (or its plan) was deleted, or no reminder is left to send. */
export type IndicatorRemindersOutcome = { ended: 'gone' | 'nothing_left'; sent: number };

/**
 * One follow-up indicator's reminders to report its values (`indicator-<id>`). It holds no
 * state of the indicator: each round an activity plans from the database (valueReminderPlan,
 * the preview's function) and returns the next reminder; the workflow sleeps until it, or
 * until a `changed` signal (the API sends one, with start, after every write to the
 * indicator or its values), sends it and plans again. It ends when the indicator is gone or
 * nothing is left to send; the next change starts it again.
 */
export async function indicatorRemindersWorkflow(input: IndicatorRemindersInput): Promise<IndicatorRemindersOutcome> {
  const now = () => new Date().toISOString();
  let cursor: IndicatorReminderCursor = input.cursor ?? { at: now(), sent: [] };
  let version = 0;
  let sent = 0;
  setHandler(indicatorSignals.changed, () => {
    version++;
  });

  for (let round = 0; round < PLANS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    const v = version;
    const plan = await planIndicatorReminders({ indicatorId: input.indicatorId, cursor, now: now() });
    if (!plan.found) return { ended: 'gone', sent };
    const next = plan.next;
    if (!next) {
      // Changed while planning: plan again. Otherwise done; a later change starts a new run.
      if (version === v) return { ended: 'nothing_left', sent };
      cursor = { at: now(), sent: [] };
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => version !== v, wait))) {
      // Changed while asleep: what has passed by now stays unsent.
      cursor = { at: now(), sent: [] };
      continue;
    }
    if (await sendIndicatorReminder({ indicatorId: input.indicatorId, reminder: next })) sent++;
    const id = indicatorReminderId(next);
    cursor = { at: next.at, sent: Date.parse(cursor.at) === Date.parse(next.at) ? [...cursor.sent, id] : [id] };
  }
  return continueAsNew<typeof indicatorRemindersWorkflow>({ indicatorId: input.indicatorId, cursor });
}
