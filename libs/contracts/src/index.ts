export * from './mail';
export * from './people';
export * from './programme';
export * from './workflow-ids';
export * from './events';
export * from './security';
export * from './web-links';
