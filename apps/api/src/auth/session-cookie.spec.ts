import type { Request } from 'express';
import { readSessionCookie, sessionCookieOptions } from './session-cookie';

const withCookie = (cookie?: string) => ({ headers: { cookie } }) as unknown as Request;

describe('session cookie', () => {
  it('is httpOnly and SameSite=Lax, and Secure only in production', () => {
    expect(sessionCookieOptions({ env: 'development' })).toEqual({ httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
    expect(sessionCookieOptions({ env: 'production' }).secure).toBe(true);
  });

  it('is read from among other cookies', () => {
    expect(readSessionCookie(withCookie('a=1; fullfolj_session=abc; b=2'))).toBe('abc');
    expect(readSessionCookie(withCookie('a=1'))).toBeUndefined();
    expect(readSessionCookie(withCookie('fullfolj_session='))).toBeUndefined();
    expect(readSessionCookie(withCookie(undefined))).toBeUndefined();
  });
});
