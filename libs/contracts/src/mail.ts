/** Input of the mail delivery workflow and activities. The key must not contain personal data. */
export interface MailRequest {
  /** Idempotency key of the intended message, e.g. `system-check:<uuid>`. */
  key: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A calendar event sent with the message (nodemailer's icalEvent): a meeting invitation (REQUEST) or cancellation (CANCEL). */
  icalEvent?: { method: string; content: string };
}

export interface MailDeliveryResult {
  key: string;
  messageId: string;
  /** False when the outbox already had it as sent (a repeated delivery did nothing). */
  sentNow: boolean;
  /** The SMTP server refused it permanently (5xx); the outbox row says why. */
  failed?: boolean;
}
