export * from './local-date';
export * from './swedish-holidays';
export * from './working-day-calendar';
export * from './stockholm-time';
