// Pure domain rules shared by the API and Temporal workflows. Everything exported here is
// deterministic and free of IO and Node built-ins; Node-only helpers live in './node'.
export * from './issues';
export * from './calendar';
export * from './status';
export * from './templates';
export * from './planning';
export * from './gates';
export * from './follow-up';
export * from './indicators';
export * from './reminders';
export * from './programmes';
export * from './events';
