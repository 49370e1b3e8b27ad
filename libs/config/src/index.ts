export * from './config';
export * from './config.module';
export * from './logger';
export * from './metrics-config';
export * from './security-config';
export * from './payload-keys';
export * from './service-env';
export * from './sign-in-config';
