export * from './mail-transport';
export * from './mail.module';
export * from './message-id';
export * from './smtp-transport';
