export * from './plan-programme';
export * from './minutes-deadline';
