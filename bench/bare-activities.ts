// The bare worker's one activity: send a message that is already rendered (given by key in a
// file the bench wrote) over nodemailer's pooled transport, with the product's settings.
import { readFileSync } from 'node:fs';
import nodemailer, { Transporter } from 'nodemailer';

export interface BareMessage {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export function createBareActivities(smtpUrl: string | undefined, messagesFile: string | undefined) {
  let transport: Transporter | undefined;
  let messages: Map<string, BareMessage> | undefined;
  return {
    async benchSend(key: string): Promise<void> {
      if (!smtpUrl || !messagesFile) throw new Error('SMTP_URL and BENCH_MESSAGES are required');
      messages ??= new Map(Object.entries(JSON.parse(readFileSync(messagesFile, 'utf8')) as Record<string, BareMessage>));
      const m = messages.get(key);
      if (!m) throw new Error(`no message ${key}`);
      if (!transport) {
        const url = new URL(smtpUrl);
        for (const [k, v] of Object.entries({ pool: 'true', maxConnections: '5', connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' })) {
          if (!url.searchParams.has(k)) url.searchParams.set(k, v);
        }
        transport = nodemailer.createTransport(url.toString());
      }
      await transport.sendMail({ messageId: m.messageId, from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined });
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
