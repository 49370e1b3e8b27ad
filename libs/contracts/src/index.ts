export * from './mail';
export * from './workflow-ids';
