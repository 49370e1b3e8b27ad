import type { DataSource } from 'typeorm';
import type { MailRequest, MailDeliveryResult } from '@fullfolj/contracts';
import type { MailActivities } from './mail.activities';

/** A person as the mail-sending activities need them: looked up by id, never carried in workflow history. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  language: 'sv' | 'en';
  reminderDigest: boolean;
}

/** The people with these ids, in the order asked (unknown ids are left out). */
export async function findRecipients(dataSource: DataSource, ids: readonly string[]): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  const rows: Recipient[] = await dataSource.query(
    `SELECT id, name, email, language, reminder_digest AS "reminderDigest" FROM person WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return ids.map((id) => rows.find((r) => r.id === id)).filter((p): p is Recipient => !!p);
}

/** One message through the outbox: recorded under its key, then delivered unless already sent. */
export async function sendThroughOutbox(mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>, request: MailRequest): Promise<MailDeliveryResult> {
  await mail.enqueueMail(request);
  return mail.deliverMail(request.key);
}
