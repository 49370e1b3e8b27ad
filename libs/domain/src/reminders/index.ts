export * from './plan-reminders';
export * from './reminder-policy';
export * from './gate-reminders';
