import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { type MailRequest, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { viaTemporal } from '../programmes/temporal-errors';

/**
 * Mail the API itself sends (password reset links, "these items need a new responsible").
 * The API only starts the durable mail delivery workflow; the worker writes the outbox and
 * talks SMTP, as for every other message. The workflow id is derived from the message key,
 * so a repeated call for the same key sends nothing twice. Temporal unreachable: 503.
 */
@Injectable()
export class OutgoingMailService {
  constructor(
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async send(request: MailRequest): Promise<void> {
    await viaTemporal(async () => {
      try {
        await this.temporal.workflow.start(workflowTypes.mailDelivery, {
          workflowId: workflowIds.mailDelivery(request.key),
          taskQueue: this.config.temporal.taskQueue,
          args: [request],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    });
  }
}
