export * from './analysis';
export * from './indicator';
export * from './indicator-reminders';
export * from './periods';
export * from './value-table';
export * from './indicator-report';
