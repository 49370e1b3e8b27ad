import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig, temporalPayloadKeys } from '@fullfolj/config';
import { encryptedDataConverter } from '@fullfolj/runtime';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/**
 * The API's Temporal client, encrypting every payload. The connection is lazy, so the API starts (and /health
 * can say Temporal is down) even while the Temporal server is unreachable.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: ServiceConfig) => Connection.lazy({ address: config.temporal.address }),
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG],
      // Payloads are encrypted before they leave the API, so histories hold no comments or titles.
      useFactory: (connection: Connection, config: ServiceConfig) =>
        new Client({ connection, namespace: config.temporal.namespace, dataConverter: encryptedDataConverter(temporalPayloadKeys(config)) }),
    },
  ],
  exports: [TEMPORAL_CONNECTION, Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
