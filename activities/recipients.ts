import type { MailRequest, MailDeliveryResult } from '@fullfolj/contracts';
import type { MailActivities } from './mail.activities';

export type { RecipientRow as Recipient } from '@fullfolj/database';

/** One message through the outbox: recorded under its key, then delivered unless already sent. */
export async function sendThroughOutbox(mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>, request: MailRequest): Promise<MailDeliveryResult> {
  await mail.enqueueMail(request);
  return mail.deliverMail(request.key);
}
