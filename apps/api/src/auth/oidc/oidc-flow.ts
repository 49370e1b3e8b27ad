import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import { parse } from 'cookie';
import type { AppConfig } from '@fullfolj/config';

/**
 * What the callback must compare with the provider's answer: state, nonce and the PKCE
 * verifier of the sign-in this browser started, and where to land afterwards. Kept in a
 * short-lived cookie (HMAC-signed with the session key) instead of the database, so any
 * API instance can finish a sign-in another one began.
 */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch milliseconds after which the callback is refused. */
  expiresAt: number;
}

export const OIDC_FLOW_COOKIE = 'fullfolj_oidc_flow';
/** Time to sign in at the provider, MFA included. */
export const OIDC_FLOW_TTL_MS = 10 * 60 * 1000;

export function oidcFlowCookieOptions(config: Pick<AppConfig, 'env'>): CookieOptions {
  // Lax: the provider's redirect back is a top-level GET, so the browser sends it along.
  return { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', path: '/auth/oidc', maxAge: OIDC_FLOW_TTL_MS };
}

export function sealFlow(flow: OidcFlow, key: string): string {
  const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/** The flow in the request's cookie; null when absent, forged or expired. */
export function openFlow(request: Request, key: string, now = Date.now()): OidcFlow | null {
  const value = request.headers.cookie ? parse(request.headers.cookie)[OIDC_FLOW_COOKIE] : undefined;
  if (!value) return null;
  const [body, signature] = value.split('.');
  if (!body || !signature) return null;
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as OidcFlow;
    return typeof flow.expiresAt === 'number' && flow.expiresAt > now ? flow : null;
  } catch {
    return null;
  }
}

function mac(body: string, key: string): string {
  return createHmac('sha256', key).update(`oidc-flow:${body}`).digest('base64url');
}
