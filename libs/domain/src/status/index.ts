export * from './follow-up-status';
