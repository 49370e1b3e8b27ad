// Planned reminders as the API lists them (preview and GET /programmes/:id/reminders), in words.
import { t, formatDate, formatDateTime } from './i18n.js';
import { table } from './dom.js';
import { personName } from './people.js';

/** What kind of reminder an entry is: "5 dagar före", "på slutdagen", "eskalering" … */
export function reminderLabel(r) {
  if (r.kind === 'escalation') return t('reminder.escalation');
  const key = r.reminderKey;
  let m;
  if ((m = /^before-(\d+)$/.exec(key))) return t('reminder.before', { n: m[1] });
  if (key === 'due') return t('reminder.due');
  if (key === 'overdue-1') return t('reminder.dayAfter');
  if ((m = /^overdue-week-(\d+)$/.exec(key))) return t('reminder.weekly', { n: m[1] });
  return t('reminder.other');
}

/** The table of planned reminders: when, to whom, about what, which kind, and the due date. */
export function remindersTable(reminders, caption) {
  return table({
    caption,
    tall: true,
    columns: [
      { label: t('field.sendAt'), rowHeader: true, cell: (r) => formatDateTime(r.at) },
      { label: t('field.to'), cell: (r) => r.recipientIds.map(personName).join(', ') },
      { label: t('field.about'), cell: (r) => r.title },
      { label: t('field.kind'), cell: (r) => reminderLabel(r) },
      { label: t('field.dueDate'), cell: (r) => formatDate(r.dueDate) },
    ],
    rows: reminders,
  });
}
