/** What leaves the building: the one port through which Fullfölj sends e-mail. */
export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * A calendar event (iTIP): sent as a text/calendar alternative with `method=`, which
   * mail clients show as an invitation (nodemailer's `icalEvent`).
   */
  icalEvent?: { method: string; content: string };
}

export interface MailTransport {
  /** How many messages the transport sends at once (its connection pool), if it knows. */
  readonly maxConnections?: number;
  send(mail: OutgoingMail): Promise<{ accepted: string[]; response: string }>;
  /** Checks that the SMTP server answers (used by /health). */
  verify(): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
