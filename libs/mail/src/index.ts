export * from './mail-transport';
export * from './mail.module';
export * from './message-id';
export * from './smtp-transport';
export * from './ics';
export * from './item-link';
export * from './render';
export * from './smtp-errors';
