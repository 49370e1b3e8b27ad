import nodemailer, { Transporter } from 'nodemailer';
import { MailTransport, OutgoingMail } from './mail-transport';

/** Options nodemailer reads from the connection URL, unless SMTP_URL already sets them. */
const urlDefaults: Record<string, string> = {
  pool: 'true',
  maxConnections: '5',
  connectionTimeout: '10000',
  greetingTimeout: '10000',
  socketTimeout: '30000',
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
    if (rejected.length > 0) throw new Error(`SMTP server rejected ${rejected.join(', ')}: ${info.response}`);
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
