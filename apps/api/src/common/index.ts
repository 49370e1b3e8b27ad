export * from './api-error';
export * from './validation';
export * from './service-unavailable.filter';
export * from './client-errors';
export * from './local-time.validator';
