export * from './gate-rule';
export * from './steering-group';
