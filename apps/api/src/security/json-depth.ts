import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';
import type { ApiErrorBody } from '../common/api-error';

/** Deeper than any body the API takes (a template's YAML-as-JSON is under 10 levels). */
export const MAX_JSON_DEPTH = 32;

class TooDeeplyNestedError extends Error {
  readonly status = 400;
  readonly code = 'too_deeply_nested';
}

/** The deepest nesting of objects and arrays in raw JSON, stopping early past `limit`. Strings are skipped. */
export function jsonDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse, so a deeply nested
 * body never reaches the recursive steps after it (validation, string checks) that overflowed
 * the stack and answered 500.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, raw: Buffer): void {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) throw new TooDeeplyNestedError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/**
 * Express error middleware right after the JSON parser: the refusal above becomes a 400 in
 * the API's shape, with no stack in the log (it is the client's mistake, not ours).
 */
export function answerDeepJson(error: unknown, _req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  if (!(cause instanceof TooDeeplyNestedError) && !(error instanceof TooDeeplyNestedError)) return next(error);
  const body: ApiErrorBody = {
    statusCode: 400,
    error: 'Bad Request',
    message: `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    code: 'too_deeply_nested',
    errors: [{ field: 'body', code: 'too_deeply_nested', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }],
  };
  res.statusCode = 400;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
