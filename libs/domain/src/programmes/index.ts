export * from './programme-definition';
export * from './reminder-preview';
