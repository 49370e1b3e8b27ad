import nodemailer, { Transporter } from 'nodemailer';
import { MailTransport, OutgoingMail } from './mail-transport';

/**
 * Options nodemailer reads from the connection URL, unless SMTP_URL already sets them.
 * Connecting and the greeting fail fast: nothing has been sent yet, so a retry is harmless.
 * The socket timeout is different: it also bounds the wait for the 250 after the message's
 * final dot, and giving up there means resending a message the server may have accepted
 * (a duplicate). Relays that scan content take their time over that 250 (RFC 5321 4.5.3.2.6
 * allows 10 minutes), so the wait is 2 minutes; deliverMail's startToCloseTimeout (3 minutes)
 * is longer than connect + greeting + this, so Temporal does not start a second attempt while
 * the first still waits (and if it did, the row lock in sendPending would hold it back).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 120_000 } as const;

const urlDefaults: Record<string, string> = {
  pool: 'true',
  maxConnections: '5',
  connectionTimeout: String(SMTP_TIMEOUTS.connectionTimeout),
  greetingTimeout: String(SMTP_TIMEOUTS.greetingTimeout),
  socketTimeout: String(SMTP_TIMEOUTS.socketTimeout),
};

/** nodemailer over SMTP with a pooled transport; works with any relay, Mailpit or the embedded sink. */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  readonly maxConnections: number;

  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    for (const [name, value] of Object.entries(urlDefaults)) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    }
    const pooled = url.searchParams.get('pool') === 'true';
    this.maxConnections = pooled ? Math.max(1, Number(url.searchParams.get('maxConnections')) || 5) : 5;
    this.transporter = nodemailer.createTransport(url.toString());
  }

  async send(mail: OutgoingMail): Promise<{ accepted: string[]; response: string }> {
    const info = await this.transporter.sendMail({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.icalEvent ? { icalEvent: { method: mail.icalEvent.method, content: mail.icalEvent.content, filename: 'invitation.ics' } } : {}),
    });
    const rejected = (info.rejected as Array<string | { address: string }>).map((r) => (typeof r === 'string' ? r : r.address));
    if (rejected.length > 0) {
      // Some recipients refused, others not: pass on the refusal's reply so classifySmtpError sees its code.
      const first = (info as { rejectedErrors?: Error[] }).rejectedErrors?.[0];
      throw Object.assign(new Error(`SMTP server rejected ${rejected.join(', ')}: ${info.response}`), first ? pickReply(first) : {});
    }
    return {
      accepted: (info.accepted as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address)),
      response: info.response ?? '',
    };
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  close(): void {
    this.transporter.close();
  }
}

function pickReply(error: Error): { code?: unknown; response?: unknown; responseCode?: unknown; command?: unknown } {
  const e = error as Error & { code?: unknown; response?: unknown; responseCode?: unknown; command?: unknown };
  return { code: e.code, response: e.response, responseCode: e.responseCode, command: e.command };
}
