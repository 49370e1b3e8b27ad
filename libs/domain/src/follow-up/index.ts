export * from './boards';
export * from './columns';
export * from './due';
export * from './history';
export * from './programme-report';
export * from './report';
export * from './table';
export { capitalise, cleanCell, foldKey, joinList, matchKey } from './text';
