/** Injection token of the API's one Temporal connection (own file: temporal-calls.ts and the module both need it). */
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
