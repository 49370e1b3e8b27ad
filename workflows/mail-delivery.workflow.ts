import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import type { MailDeliveryResult, MailRequest } from '@fullfolj/contracts';

const { enqueueMail } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// No attempt limit: when the SMTP server is down, the message waits in the outbox and
// is retried with backoff until it is back. Nothing is dropped.
// One message: the SMTP timeouts (10 s connect, 10 s greeting, 30 s socket) fit in a minute,
// so a send lost with a crashed worker is retried after a minute, not later.
const { deliverMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Records the message in the outbox, then delivers it over SMTP. */
export async function mailDeliveryWorkflow(request: MailRequest): Promise<MailDeliveryResult> {
  const key = await enqueueMail(request);
  return deliverMail(key);
}
