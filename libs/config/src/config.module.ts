import { Global, Module } from '@nestjs/common';
import { loadConfig, requireServices, ServiceConfig } from './config';

/** Injection token for the validated, typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: (): ServiceConfig => requireServices(loadConfig()) }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
