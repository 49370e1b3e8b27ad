import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Context as ActivityContext } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { Activities, activityFailuresInterceptor, databaseErrorsInterceptor } from '@fullfolj/activities';
import { APP_CONFIG, ServiceConfig, temporalPayloadKeys } from '@fullfolj/config';
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker';
import { encryptedDataConverter, installTracing, workflowBundleOptions } from '@fullfolj/runtime';
import { ACTIVITIES } from './activities.provider';
import { WORKER_METRICS, WorkerMetrics } from './worker-metrics';

/** Builds the Temporal worker with activities wired to their injected dependencies. */
@Injectable()
export class TemporalWorkerService {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  /** The same encrypting converter as the API's client: one key set reads and writes every history. */
  private readonly dataConverter: DataConverter;
  private markRunning!: () => void;
  /** Resolves once the worker polls its task queue. */
  readonly running = new Promise<void>((resolve) => (this.markRunning = resolve));

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(ACTIVITIES) private readonly activities: Activities,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    this.dataConverter = encryptedDataConverter(temporalPayloadKeys(config));
  }

  /** Runs until the worker is shut down (SIGINT/SIGTERM); in-flight activities get the grace time. */
  async run(): Promise<void> {
    const connection = await NativeConnection.connect({ address: this.config.temporal.address });
    try {
      const bundle = workflowBundleOptions({ requirePrebuilt: this.config.env === 'production' });
      const tracing = installTracing('fullfolj-worker', this.config.tracing.endpoint);
      this.worker = await Worker.create({
        connection,
        namespace: this.config.temporal.namespace,
        taskQueue: this.config.temporal.taskQueue,
        ...bundle,
        dataConverter: this.dataConverter,
        activities: this.activities,
        interceptors: {
          ...bundle.interceptors,
          // Database errors leave activities without SQL parameters (personal data) for logs and history.
          // The first listed is outermost: it counts every failed attempt, whatever the inner one made of it.
          // With tracing on, each activity is a span in the trace of the act that caused it.
          activity: [
            activityFailuresInterceptor(this.metrics.activities),
            ...(tracing.enabled ? [(ctx: ActivityContext) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] : []),
            databaseErrorsInterceptor,
          ],
        },
        shutdownGraceTime: `${this.config.shutdownGraceSeconds}s`,
        // Unset values keep the SDK's defaults; see README, "Scaling out".
        ...definedOnly({
          maxCachedWorkflows: this.config.worker.maxCachedWorkflows,
          maxConcurrentActivityTaskExecutions: this.config.worker.maxConcurrentActivities,
          maxConcurrentWorkflowTaskExecutions: this.config.worker.maxConcurrentWorkflowTasks,
        }),
      });
      this.logger.log(`polling task queue "${this.config.temporal.taskQueue}" on ${this.config.temporal.address}`);
      const done = this.worker.run();
      this.markRunning();
      await this.ensureDigest();
      await this.ensureRetention();
      await done;
      this.logger.log('worker stopped');
    } finally {
      await installTracing('fullfolj-worker', this.config.tracing.endpoint).flush().catch(() => undefined);
      this.worker = undefined;
      await connection.close();
    }
  }

  /** The daily digest runs as one workflow; starting it again finds the running one. */
  private async ensureDigest(): Promise<void> {
    const connection = await Connection.connect({ address: this.config.temporal.address });
    try {
      await new Client({ connection, namespace: this.config.temporal.namespace, dataConverter: this.dataConverter }).workflow.start(workflowTypes.digest, {
        workflowId: workflowIds.digest(),
        taskQueue: this.config.temporal.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      this.logger.warn(`could not start the daily digest: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await connection.close();
    }
  }

  /** Retention (gallring) runs daily as one workflow; starting it again finds the running one. */
  private async ensureRetention(): Promise<void> {
    const connection = await Connection.connect({ address: this.config.temporal.address });
    try {
      await new Client({ connection, namespace: this.config.temporal.namespace, dataConverter: this.dataConverter }).workflow.start(workflowTypes.retention, {
        workflowId: workflowIds.retention(),
        taskQueue: this.config.temporal.taskQueue,
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      this.logger.warn(`could not start daily retention: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await connection.close();
    }
  }

  /** Asks a running worker to stop; run() resolves once in-flight work is done. */
  shutdown(): void {
    this.worker?.shutdown();
  }
}

function definedOnly<T extends Record<string, number | undefined>>(values: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>;
}
