import type { CookieOptions, Request, Response } from 'express';
import { parse } from 'cookie';
import type { AppConfig } from '@fullfolj/config';
import type { ExternalSessionInfo } from '@fullfolj/database';
import type { SessionService } from './sessions.service';

export const SESSION_COOKIE = 'fullfolj_session';

/** httpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure in production. */
export function sessionCookieOptions(config: Pick<AppConfig, 'env'>): CookieOptions {
  // No Max-Age: the browser forgets it when closed; the server ends it earlier when idle.
  return { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', path: '/' };
}

export function readSessionCookie(request: Request): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  return parse(header)[SESSION_COOKIE] || undefined;
}

/**
 * Signs the person in in this browser, the same way for a password and single sign-on: the
 * browser's old session ends first and a new id is issued (no session fixation).
 */
export async function startBrowserSession(
  sessions: Pick<SessionService, 'create' | 'destroy'>,
  config: Pick<AppConfig, 'env'>,
  request: Request,
  response: Response,
  personId: string,
  external: ExternalSessionInfo | null = null,
): Promise<void> {
  const previous = readSessionCookie(request);
  if (previous) await sessions.destroy(previous);
  response.cookie(SESSION_COOKIE, await sessions.create(personId, external), sessionCookieOptions(config));
}
