import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptors, Next } from '@temporalio/worker';
import { queryFailure } from '@fullfolj/database';

/**
 * A failed statement's error carries the SQL, its parameters and the driver's detail (e.g.
 * "Key (email)=(anna@…) already exists"). The worker logs a failed activity with the whole
 * error and Temporal keeps its message in history, so personal data would leak into both.
 * This keeps what helps an operator (message, SQLSTATE code, constraint, table) and drops the rest.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
    readonly table: string | undefined,
  ) {
    super(message);
  }
}

export function withoutQueryDetails(error: unknown): unknown {
  const failure = queryFailure(error);
  if (!failure) return error;
  const clean = new DatabaseError(failure.message, failure.code, failure.constraint, failure.table);
  // Frames only (the first line of a stack repeats the message, which is already clean).
  clean.stack = [`${clean.name}: ${clean.message}`, ...(failure.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
  return clean;
}

class DatabaseErrorsInbound implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw withoutQueryDetails(error);
    }
  }
}

/** For `Worker.create({ interceptors: { activity: [databaseErrorsInterceptor] } })`. */
export const databaseErrorsInterceptor = (): ActivityInterceptors => ({ inbound: new DatabaseErrorsInbound() });
