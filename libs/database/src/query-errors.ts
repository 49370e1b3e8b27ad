import { QueryFailedError } from 'typeorm';

/**
 * What a failed SQL statement's error says, minus the SQL, its parameters and the driver's
 * detail (which can hold personal data, e.g. "Key (email)=(anna@…) already exists").
 */
export interface QueryFailure {
  message: string;
  /** SQLSTATE, e.g. 23505 for a unique violation. */
  code: string | undefined;
  constraint: string | undefined;
  table: string | undefined;
  /** The original stack (its first line repeats the message). */
  stack: string | undefined;
}

/** The failure when `error` is a failed statement; null for any other error. */
export function queryFailure(error: unknown): QueryFailure | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string; table?: string } | undefined;
  return { message: error.message, code: driver?.code, constraint: driver?.constraint, table: driver?.table, stack: error.stack };
}

/** Whether the error is PostgreSQL refusing a row under this unique constraint (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const failure = queryFailure(error);
  return failure?.code === '23505' && failure.constraint === constraint;
}
