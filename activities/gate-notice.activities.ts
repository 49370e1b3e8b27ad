import type { NotificationRepository } from '@fullfolj/database';
import { webLinks } from '@fullfolj/contracts';
import { instantToLocalDate, planGateReminders, WorkingDayCalendar } from '@fullfolj/domain';
import type { MailActivities } from './mail.activities';
import { Recipient, sendThroughOutbox } from './recipients';

export type GateNoticeKind = 'reminder' | 'escalation' | 'rejected';

export interface GateNotice {
  kind: 'reminder' | 'escalation';
  /** When to send (UTC instant): 08:00 Stockholm time on a working day. */
  at: string;
  dueDate: string;
}

export interface SendGateNoticeInput {
  programmeId: string;
  phaseKey: string;
  round: number;
  kind: GateNoticeKind;
  /** Position of the notice in the round's plan; part of each message's idempotency key. */
  index: number;
  recipientIds: string[];
  undecidedIds: string[];
  dueDate: string | null;
}

export interface GateNoticeDeps {
  notifications: Pick<NotificationRepository, 'gateNoticeContext' | 'recipients'>;
  mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>;
  baseUrl: string;
  calendar?: WorkingDayCalendar;
}

/** A re-opened round has this many working days to decide. */
const REOPENED_ROUND_WORKING_DAYS = 5;


/**
 * Chasing a gate's undecided members: the plan is computed here (working days need the
 * holiday calendar, which stays out of workflow code), the workflow sleeps until each
 * notice, and sending goes through the mail outbox with one key per recipient.
 */
export function createGateNoticeActivities(deps: GateNoticeDeps) {
  const calendar = deps.calendar ?? new WorkingDayCalendar();

  return {
    planGateNotices({ dueDate, openedAt }: { dueDate: string | null; openedAt: string }): Promise<GateNotice[]> {
      const due = dueDate ?? calendar.addWorkingDays(instantToLocalDate(openedAt), REOPENED_ROUND_WORKING_DAYS);
      // The same plan the reminder preview shows for gates.
      return Promise.resolve(
        planGateReminders(due, calendar).map((r): GateNotice => ({ kind: r.audience === 'escalation' ? 'escalation' : 'reminder', at: r.at, dueDate: due })),
      );
    },

    async sendGateNotice(input: SendGateNoticeInput): Promise<number> {
      const context = await deps.notifications.gateNoticeContext(input.programmeId, input.phaseKey);
      if (!context) throw new Error(`no phase ${input.phaseKey} in programme ${input.programmeId}`);
      const ids = [...new Set([...input.recipientIds, ...input.undecidedIds])];
      const byId = new Map((await deps.notifications.recipients(ids)).map((p) => [p.id, p]));
      const link = webLinks(deps.baseUrl).gate(input.programmeId, input.phaseKey);
      let sent = 0;
      for (const recipientId of input.recipientIds) {
        const person = byId.get(recipientId);
        if (!person) continue; // removed since; nobody to tell
        const text = render(input, person, {
          programme: context.programme,
          gate: context.gate?.name ?? context.phase,
          undecided: input.undecidedIds.map((id) => byId.get(id)?.name ?? id),
          link,
        });
        const key = `gate:${input.programmeId}:${input.phaseKey}:r${input.round}:${input.kind}:${input.index}:${recipientId}`;
        if ((await sendThroughOutbox(deps.mail, { key, to: person.email, subject: text.subject, text: text.body })).sentNow) sent++;
      }
      return sent;
    },
  };
}

export type GateNoticeActivities = ReturnType<typeof createGateNoticeActivities>;

function render(
  input: SendGateNoticeInput,
  person: Recipient,
  c: { programme: string; gate: { sv: string; en: string }; undecided: string[]; link: string },
): { subject: string; body: string } {
  const sv = person.language !== 'en';
  const gate = sv ? c.gate.sv : c.gate.en;
  const due = input.dueDate ?? '';
  switch (input.kind) {
    case 'reminder':
      return sv
        ? {
            subject: `Påminnelse: ditt beslut om "${gate}" (${c.programme}) senast ${due}`,
            body: `Hej ${person.name},\n\nStyrgruppen ska besluta om "${gate}" i ${c.programme} senast ${due}. Du har inte lämnat ditt beslut ännu.\n\nBesluta här: ${c.link}\n\n/Fullfölj`,
          }
        : {
            subject: `Reminder: your decision on "${gate}" (${c.programme}) is due ${due}`,
            body: `Hello ${person.name},\n\nThe steering group decides "${gate}" in ${c.programme} by ${due}. You have not given your decision yet.\n\nDecide here: ${c.link}\n\n/Fullfölj`,
          };
    case 'escalation':
      return sv
        ? {
            subject: `Försenat grindbeslut: "${gate}" (${c.programme})`,
            body: `Hej ${person.name},\n\nBeslutet om "${gate}" i ${c.programme} skulle ha fattats senast ${due}. Följande har inte beslutat: ${c.undecided.join(', ')}.\n\nSe grinden: ${c.link}\n\n/Fullfölj`,
          }
        : {
            subject: `Overdue gate decision: "${gate}" (${c.programme})`,
            body: `Hello ${person.name},\n\nThe decision on "${gate}" in ${c.programme} was due ${due}. Not decided yet: ${c.undecided.join(', ')}.\n\nSee the gate: ${c.link}\n\n/Fullfölj`,
          };
    case 'rejected':
      return sv
        ? {
            subject: `Grinden "${gate}" gick inte igenom (${c.programme})`,
            body: `Hej ${person.name},\n\nStyrgruppens beslut om "${gate}" i ${c.programme} kan inte längre uppfylla beslutsregeln. Fasen fortsätter; öppna grinden igen när underlaget är klart.\n\nSe grinden: ${c.link}\n\n/Fullfölj`,
          }
        : {
            subject: `The gate "${gate}" did not pass (${c.programme})`,
            body: `Hello ${person.name},\n\nThe steering group's decision on "${gate}" in ${c.programme} can no longer meet its rule. The phase goes on; re-open the gate when it is ready.\n\nSee the gate: ${c.link}\n\n/Fullfölj`,
          };
  }
}
