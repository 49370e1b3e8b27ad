export * from './programme-view';
