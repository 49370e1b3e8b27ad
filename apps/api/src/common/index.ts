export * from './api-error';
export * from './validation';
