import { Global, Inject, MiddlewareConsumer, Module, NestModule, OnApplicationShutdown } from '@nestjs/common';
import { Client, ClientOptions, Connection } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig, temporalPayloadKeys } from '@fullfolj/config';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { encryptedDataConverter, installTracing, type Tracing } from '@fullfolj/runtime';
import { settleTemporalCalls, TemporalCalls, TemporalConnection, TemporalRequestContext } from './temporal-calls';
import { TEMPORAL_CONNECTION } from './temporal.tokens';

export { TEMPORAL_CONNECTION };

/**
 * The API's Temporal client, encrypting every payload. The connection is lazy, so the API starts (and /health
 * can say Temporal is down) even while the Temporal server is unreachable. Services call Temporal through
 * TemporalCalls, which puts a deadline on every call.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [APP_CONFIG],
      // lazy() constructs `this`, so this is a TemporalConnection (the SDK types it as Connection).
      useFactory: (config: ServiceConfig) => TemporalConnection.lazy({ address: config.temporal.address }) as TemporalConnection,
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG],
      // Payloads are encrypted before they leave the API, so histories hold no comments or titles.
      // With tracing on, each call to Temporal starts a span whose context travels in Temporal's headers to the workflow.
      useFactory: (connection: Connection, config: ServiceConfig) =>
        new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: encryptedDataConverter(temporalPayloadKeys(config)),
          ...tracingInterceptors(installTracing('fullfolj-api', config.tracing.endpoint)),
        }),
    },
    TemporalCalls,
  ],
  exports: [TEMPORAL_CONNECTION, Client, TemporalCalls],
})
export class TemporalModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TemporalRequestContext).forRoutes('*');
  }

  async onApplicationShutdown(): Promise<void> {
    // A call past its deadline settles once the SDK's retries (up to 5 s apart) give up.
    await settleTemporalCalls(this.config.temporal.callTimeoutSeconds * 1000 + 10_000);
    await this.connection.close().catch(() => undefined);
    await installTracing('fullfolj-api', this.config.tracing.endpoint).flush().catch(() => undefined);
  }
}

function tracingInterceptors(tracing: Tracing): Pick<ClientOptions, 'interceptors'> {
  return tracing.enabled ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } } : {};
}
