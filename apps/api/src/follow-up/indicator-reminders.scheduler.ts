import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { indicatorSignals, type IndicatorRemindersInput, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { viaTemporal } from '../programmes/temporal-errors';
import { TemporalCalls } from '../temporal/temporal-calls';

/**
 * Tells an indicator's reminder workflow (`indicator-<id>`) that the indicator, its values or
 * its plan changed, starting it when it is not running (it ends when nothing is left to send).
 * The workflow re-reads the database and plans again, so the signal carries nothing.
 * Call it after the write is committed. Temporal unreachable: 503 saying the write was saved
 * but the reminders (mail) are not rescheduled.
 */
@Injectable()
export class IndicatorRemindersScheduler {
  constructor(
    private readonly temporal: TemporalCalls,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async changed(indicatorId: string): Promise<void> {
    const input: IndicatorRemindersInput = { indicatorId };
    await viaTemporal(() =>
      this.temporal.run({ kind: 'mail' }, async (client) => {
        await client.workflow.signalWithStart(workflowTypes.indicatorReminders, {
          workflowId: workflowIds.indicatorReminders(indicatorId),
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
          signal: indicatorSignals.changed,
          signalArgs: [],
        });
      }),
    );
  }
}
