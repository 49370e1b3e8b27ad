import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ServiceConfig } from './config';

/** Injection token for the validated, typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the config that main.ts parsed (or a test built) injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
