import { WorkingDayCalendar } from '../calendar';
import { DEFAULT_REMINDER_POLICY, planGateReminders, planReminders, type ReminderPolicy, withPolicy } from '../reminders';

export interface PreviewItem {
  id: string;
  title: string;
  kind: string;
  dueDate: string;
  responsibleId: string | null;
  reminderPolicy?: Partial<ReminderPolicy> | null;
  completed: boolean;
}

export interface PreviewGate {
  phaseKey: string;
  name: string;
  dueDate: string;
  /** Members who have not decided (all of them before the gate opens). */
  undecided: string[];
  decided: boolean;
}

export interface PreviewEntry {
  at: string;
  date: string;
  /** What is reminded about: an item, or a phase's gate. */
  subject: { type: 'item'; itemId: string; kind: string } | { type: 'gate'; phaseKey: string };
  title: string;
  dueDate: string;
  kind: 'reminder' | 'escalation';
  /** The planned reminder's key (e.g. before-10, due, overdue-1, escalation), part of each mail's idempotency key. */
  reminderKey: string;
  recipientIds: string[];
}

/**
 * Every reminder and escalation the current plan will send, computed by the same planner
 * the item and gate workflows use (planReminders / planGateReminders), so they agree.
 */
export function previewReminders(input: {
  ownerId: string;
  chairId: string | null;
  programmePolicy?: Partial<ReminderPolicy> | null;
  items: PreviewItem[];
  gates: PreviewGate[];
  after?: string;
  calendar?: WorkingDayCalendar;
}): PreviewEntry[] {
  const calendar = input.calendar ?? new WorkingDayCalendar();
  const escalateTo = [...new Set([input.ownerId, input.chairId].filter((p): p is string => !!p))];
  const base = withPolicy(DEFAULT_REMINDER_POLICY, input.programmePolicy);
  const entries: PreviewEntry[] = [];
  for (const item of input.items) {
    if (item.completed) continue;
    for (const r of planReminders(item.dueDate, withPolicy(base, item.reminderPolicy), calendar)) {
      const recipientIds = r.audience === 'escalation' ? escalateTo : item.responsibleId ? [item.responsibleId] : [];
      if (recipientIds.length === 0) continue;
      entries.push({
        at: r.at,
        date: r.date,
        subject: { type: 'item', itemId: item.id, kind: item.kind },
        title: item.title,
        dueDate: item.dueDate,
        kind: r.audience === 'escalation' ? 'escalation' : 'reminder',
        reminderKey: r.key,
        recipientIds,
      });
    }
  }
  for (const gate of input.gates) {
    if (gate.decided) continue;
    for (const r of planGateReminders(gate.dueDate, calendar)) {
      const recipientIds = r.audience === 'escalation' ? escalateTo : gate.undecided;
      if (recipientIds.length === 0) continue;
      entries.push({
        at: r.at,
        date: r.date,
        subject: { type: 'gate', phaseKey: gate.phaseKey },
        title: gate.name,
        dueDate: gate.dueDate,
        kind: r.audience === 'escalation' ? 'escalation' : 'reminder',
        reminderKey: r.key,
        recipientIds,
      });
    }
  }
  return entries.filter((e) => !input.after || e.at > input.after).sort((a, b) => a.at.localeCompare(b.at) || a.title.localeCompare(b.title));
}
