// The plan → definition mapping derives item ids with uuid (Node crypto): '@fullfolj/domain/node'.
export * from './reminder-preview';
export * from './start-differences';
