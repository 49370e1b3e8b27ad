import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import { ItemChange, itemSignals, ItemRemindersInput } from '@fullfolj/contracts';

const { planItemReminders, sendItemReminder, sendHandover } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // No attempt limit: while SMTP or PostgreSQL is down, the reminder waits in the outbox and is retried.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One deadline-bearing item's reminders (assignment, report or minutes): sleeps until each
 * planned reminder and sends it, re-plans when the deadline moves or the responsible person
 * changes (telling the new person about the handover), and ends when the item is completed.
 */
export async function itemRemindersWorkflow(input: ItemRemindersInput): Promise<{ sent: string[] }> {
  let dueDate = input.dueDate;
  let responsibleId = input.responsibleId;
  let closed = false;
  let version = 0;
  const handovers: Array<{ from: string | null; to: string; by: string | null }> = [];
  const sent: string[] = [];

  setHandler(itemSignals.changed, (change: ItemChange) => {
    if (change.closed) closed = true;
    if (change.dueDate && change.dueDate !== dueDate) dueDate = change.dueDate;
    if (change.responsibleId !== undefined && change.responsibleId !== responsibleId) {
      if (change.responsibleId) handovers.push({ from: responsibleId, to: change.responsibleId, by: change.actorId ?? null });
      responsibleId = change.responsibleId;
    }
    version++;
  });

  while (!closed) {
    const v = version;
    while (handovers.length > 0) {
      const h = handovers.shift()!;
      await sendHandover({ programmeId: input.programmeId, itemId: input.itemId, fromId: h.from, toId: h.to, dueDate, byId: h.by });
    }
    const plan = await planItemReminders({ dueDate, policy: input.policy });
    let interrupted = false;
    for (const reminder of plan) {
      const wait = Date.parse(reminder.at) - Date.now();
      if (wait <= 0) continue; // never send a reminder whose moment has passed (e.g. after a re-plan)
      if (await condition(() => closed || version !== v, wait)) {
        interrupted = true;
        break;
      }
      const key = await sendItemReminder({ programmeId: input.programmeId, itemId: input.itemId, dueDate, reminder, responsibleId });
      if (key) sent.push(key);
    }
    if (!interrupted) await condition(() => closed || version !== v);
  }
  return { sent };
}
