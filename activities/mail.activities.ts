import { ApplicationFailure, log } from '@temporalio/activity';
import type { MailDeliveryResult, MailRequest } from '@fullfolj/contracts';
import type { OutboxRepository } from '@fullfolj/database';
import { classifySmtpError, MailTransport, messageIdFor } from '@fullfolj/mail';
import { ActivityMetrics, noActivityMetrics } from './metrics';

export interface MailActivityDeps {
  outbox: Pick<OutboxRepository, 'enqueue' | 'findByKey' | 'sendPending' | 'recordFailure' | 'markFailed'>;
  transport: MailTransport;
  from: string;
  metrics?: ActivityMetrics;
}

/** A counting semaphore: acquire() resolves with the function that gives the slot back. */
function semaphore(slots: number): { acquire(): Promise<() => void> } {
  let free = slots;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    acquire: () =>
      new Promise((resolve) => {
        if (free > 0) {
          free--;
          resolve(release);
        } else waiting.push(() => resolve(release));
      }),
  };
}

/**
 * Mail goes out through the outbox: enqueue is idempotent on the key, deliver sends
 * only what is not yet marked sent, with a Message-ID derived from the key. The row is
 * marked sent in a transaction that commits the moment the SMTP server answers 250
 * (OutboxRepository.sendPending). The one window left: the server accepted the message
 * and the worker died before that COMMIT left the process; the retry then sends it
 * again with the same Message-ID (see README, "Exactly once").
 */
export function createMailActivities(deps: MailActivityDeps) {
  const sending = semaphore(Math.max(1, deps.transport.maxConnections ?? 5));
  const metrics = deps.metrics ?? noActivityMetrics;
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
      // At most as many messages in flight as the transport has connections: each holds a
      // database transaction (see sendPending) only while it is really being sent.
      const release = await sending.acquire();
      let outcome: { message: { messageId: string; status: string }; sentNow: boolean } | null;
      try {
        outcome = await deps.outbox.sendPending(key, async (row) => {
          await deps.transport.send({
            messageId: row.messageId,
            from: deps.from,
            to: row.to,
            subject: row.subject,
            text: row.text,
            html: row.html ?? undefined,
            icalEvent: row.icalMethod && row.icalContent ? { method: row.icalMethod, content: row.icalContent } : undefined,
          });
        });
      } catch (error) {
        // Explicitly one of two (see classifySmtpError): a 5xx about this message is final, so
        // the row is marked failed with the code and text and the activity returns (no retry,
        // the owner sees it); anything else (4xx, no answer, a timeout) keeps the row pending
        // and throws, so Temporal retries with backoff (no attempt limit).
        const failure = classifySmtpError(error);
        if (failure.permanent) {
          await deps.outbox.markFailed(key, failure);
          metrics.mailFailed();
          log.warn('SMTP server refused the message for good', { key, code: failure.code });
          const row = await deps.outbox.findByKey(key);
          return { key, messageId: row?.messageId ?? messageIdFor(key, deps.from), sentNow: false, failed: true };
        }
        await deps.outbox.recordFailure(key, failure).catch(() => undefined);
        metrics.mailRetried();
        log.warn('SMTP send failed; Temporal will retry', { key, code: failure.code, reason: failure.text });
        throw error;
      } finally {
        release();
      }
      if (!outcome) throw ApplicationFailure.nonRetryable(`no outbox message with key ${key}`, 'UnknownOutboxKey');
      const { message, sentNow } = outcome;
      if (sentNow) metrics.mailSent();
      if (message.status === 'failed') return { key, messageId: message.messageId, sentNow: false, failed: true };
      return { key, messageId: message.messageId, sentNow };
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;
