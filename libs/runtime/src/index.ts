export * from './child-process';
export * from './embedded-postgres';
export * from './ports';
export * from './project-root';
export * from './smtp-sink';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './workflow-bundle';
