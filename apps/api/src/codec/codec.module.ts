import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig, temporalPayloadKeys } from '@fullfolj/config';
import { PayloadEncryptionCodec } from '@fullfolj/runtime';
import { CodecController } from './codec.controller';
import { CodecCorsMiddleware, CodecOriginGuard } from './codec-origin.guard';
import { CodecService, PAYLOAD_CODEC } from './codec.service';

/** POST /codec/decode and /codec/encode: the Temporal Web UI's remote codec, for administrators. */
@Module({
  controllers: [CodecController],
  providers: [
    // The same keys as the API's Temporal client (TemporalModule).
    { provide: PAYLOAD_CODEC, inject: [APP_CONFIG], useFactory: (config: ServiceConfig) => new PayloadEncryptionCodec(temporalPayloadKeys(config)) },
    CodecService,
    CodecOriginGuard,
  ],
})
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every method, so the browser's OPTIONS preflight is answered before routing.
    consumer.apply(CodecCorsMiddleware).forRoutes({ path: 'codec/decode', method: RequestMethod.ALL }, { path: 'codec/encode', method: RequestMethod.ALL });
  }
}
