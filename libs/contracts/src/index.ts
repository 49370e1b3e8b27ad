export * from './mail';
export * from './people';
export * from './workflow-ids';
