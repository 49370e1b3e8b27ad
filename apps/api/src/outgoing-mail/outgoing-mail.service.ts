import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { type MailRequest, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { viaTemporal } from '../programmes/temporal-errors';
import { TemporalCalls } from '../temporal/temporal-calls';

/**
 * Mail the API itself sends (password reset links, "these items need a new responsible").
 * The API only starts the durable mail delivery workflow; the worker writes the outbox and
 * talks SMTP, as for every other message. The workflow id is derived from the message key,
 * so a repeated call for the same key sends nothing twice. Temporal unreachable: 503 saying the mail (only) is not sent.
 */
@Injectable()
export class OutgoingMailService {
  constructor(
    private readonly temporal: TemporalCalls,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async send(request: MailRequest): Promise<void> {
    await viaTemporal(() =>
      this.temporal.run({ kind: 'mail' }, async (client) => {
        try {
          await client.workflow.start(workflowTypes.mailDelivery, {
            workflowId: workflowIds.mailDelivery(request.key),
            taskQueue: this.config.temporal.taskQueue,
            args: [request],
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }),
    );
  }
}
