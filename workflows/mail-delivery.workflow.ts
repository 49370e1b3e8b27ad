import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import type { MailDeliveryResult, MailRequest } from '@fullfolj/contracts';

const { enqueueMail } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// No attempt limit: when the SMTP server is down, the message waits in the outbox and
// is retried with backoff until it is back. Nothing is dropped.
// One message: longer than the SMTP timeouts (10 s connect, 10 s greeting, up to 2 min for
// a slow 250, see SMTP_TIMEOUTS), so a slow but healthy server is not given up on and the
// message resent. A send lost with a crashed worker is retried after 3 minutes.
// A 5xx refusal returns { failed: true } instead of throwing, so it is never retried.
const { deliverMail } = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Records the message in the outbox, then delivers it over SMTP. */
export async function mailDeliveryWorkflow(request: MailRequest): Promise<MailDeliveryResult> {
  const key = await enqueueMail(request);
  return deliverMail(key);
}
