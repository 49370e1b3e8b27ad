import type { CookieOptions, Request } from 'express';
import { parse } from 'cookie';
import type { AppConfig } from '@fullfolj/config';

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
