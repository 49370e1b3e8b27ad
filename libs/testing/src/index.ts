export * from './eventually';
export * from './mailbox';
export * from './processes';
export * from './services';
export * from './tcp-proxy';
export * from './test-env';
export * from './worker';
