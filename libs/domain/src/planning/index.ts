export * from './plan-programme';
