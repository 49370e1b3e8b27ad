import { ApplicationFailure, log } from '@temporalio/activity';
import type { MailDeliveryResult, MailRequest } from '@fullfolj/contracts';
import type { OutboxRepository } from '@fullfolj/database';
import { MailTransport, messageIdFor } from '@fullfolj/mail';

export interface MailActivityDeps {
  outbox: Pick<OutboxRepository, 'enqueue' | 'findByKey' | 'markSent' | 'recordFailure' | 'markFailed'>;
  transport: MailTransport;
  from: string;
}

/**
 * Mail goes out through the outbox: enqueue is idempotent on the key, deliver sends
 * only what is not yet marked sent, with a Message-ID derived from the key. The one
 * window left: SMTP accepted the message but the worker died before markSent; the
 * retry then sends it again with the same Message-ID (see README, "Exactly once").
 */
export function createMailActivities(deps: MailActivityDeps) {
  return {
    async enqueueMail(request: MailRequest): Promise<string> {
      if (!request.to.includes('@')) {
        throw ApplicationFailure.nonRetryable(`recipient address is not an e-mail address`, 'InvalidRecipient');
      }
      if (request.icalEvent && (!/^[A-Z-]+$/.test(request.icalEvent.method) || !request.icalEvent.content.startsWith('BEGIN:VCALENDAR'))) {
        throw ApplicationFailure.nonRetryable(`icalEvent needs an iTIP method (e.g. REQUEST) and iCalendar content`, 'InvalidCalendarEvent');
      }
      const row = await deps.outbox.enqueue({
        key: request.key,
        messageId: messageIdFor(request.key, deps.from),
        to: request.to,
        subject: request.subject,
        text: request.text,
        html: request.html ?? null,
        icalMethod: request.icalEvent?.method ?? null,
        icalContent: request.icalEvent?.content ?? null,
      });
      return row.key;
    },

    async deliverMail(key: string): Promise<MailDeliveryResult> {
      const row = await deps.outbox.findByKey(key);
      if (!row) throw ApplicationFailure.nonRetryable(`no outbox message with key ${key}`, 'UnknownOutboxKey');
      if (row.status === 'sent') return { key, messageId: row.messageId, sentNow: false };
      if (row.status === 'failed') return { key, messageId: row.messageId, sentNow: false, failed: true };
      try {
        await deps.transport.send({
          messageId: row.messageId,
          from: deps.from,
          to: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html ?? undefined,
          icalEvent: row.icalMethod && row.icalContent ? { method: row.icalMethod, content: row.icalContent } : undefined,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // A 5xx answer is permanent (e.g. no such mailbox): retrying cannot help, so the
        // message is marked failed with the reason, and whoever sent it carries on.
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500 && code < 600) {
          await deps.outbox.markFailed(key, reason);
          log.warn('SMTP server refused the message for good', { key, code });
          return { key, messageId: row.messageId, sentNow: false, failed: true };
        }
        await deps.outbox.recordFailure(key, reason).catch(() => undefined);
        log.warn('SMTP send failed; Temporal will retry', { key, reason });
        throw error;
      }
      await deps.outbox.markSent(key);
      return { key, messageId: row.messageId, sentNow: true };
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;
