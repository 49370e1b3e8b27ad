export * from './gate-rule';
