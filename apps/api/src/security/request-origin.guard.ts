import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { readSessionCookie } from '../auth/session-cookie';
import { RequestRefusedException } from './refusals';

const EXTRA_MEDIA_TYPES = 'fullfolj:extra-media-types';
const CROSS_SITE_FORM = 'fullfolj:cross-site-form';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route (or controller) that also takes these bodies besides application/json. */
export const AcceptsMediaTypes = (...types: string[]) => SetMetadata(EXTRA_MEDIA_TYPES, types.map((t) => t.toLowerCase()));

/**
 * A route posted to by another site's form and authenticated by what it carries, not by the
 * session cookie (SAML's ACS: the IdP's signed assertion). Neither check below applies.
 */
export const CrossSiteFormPost = () => SetMetadata(CROSS_SITE_FORM, true);

/**
 * CSRF defence for every POST, PUT, PATCH and DELETE (global, before the routes run):
 * - a body must be application/json (or a type the route declares), so an HTML form or a
 *   "simple" cross-site fetch (text/plain, form-encoded) is refused with 415;
 * - a request signed in by the session cookie must show it comes from this site: an Origin
 *   equal to APP_BASE_URL's or to this request's own host, or Sec-Fetch-Site: same-origin.
 *   Browsers set both headers themselves and pages cannot forge them. Otherwise 403.
 * - a request that says it comes from another site is refused even without a cookie, which
 *   stops login CSRF (signing the victim into the attacker's account).
 * Bearer-token requests are exempt from the origin check: another site cannot attach the
 * token (no CORS), and API clients send no Origin.
 */
@Injectable()
export class RequestOriginGuard implements CanActivate {
  private readonly baseOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.baseOrigin = new URL(config.api.baseUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method)) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(CROSS_SITE_FORM, targets)) return true;
    checkMediaType(request, ['application/json', ...(this.reflector.getAllAndMerge<string[]>(EXTRA_MEDIA_TYPES, targets) ?? [])]);
    checkOrigin(request, this.baseOrigin);
    return true;
  }
}

function checkMediaType(request: Request, accepted: string[]): void {
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = type !== undefined || (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return; // e.g. DELETE, or POST /auth/logout: nothing to misread
  const essence = (type ?? '').split(';')[0].trim().toLowerCase();
  if (!accepted.includes(essence)) {
    throw new RequestRefusedException(415, 'unsupported_media_type', `The body must be ${accepted.join(' or ')}${essence ? `, not ${essence}` : ''}`);
  }
}

/** 'same' when the browser says the request comes from this site, 'cross' when from another, 'absent' when it says nothing (not a browser). */
export function requestSite(request: Pick<Request, 'headers' | 'protocol'>, baseOrigin: string): 'same' | 'cross' | 'absent' {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'same-origin') return 'same';
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === baseOrigin || origin === `${request.protocol}://${request.headers.host}` ? 'same' : 'cross';
  return fetchSite === undefined ? 'absent' : 'cross';
}

function checkOrigin(request: Request, baseOrigin: string): void {
  if (/^bearer\s/i.test(request.headers.authorization ?? '')) return;
  const site = requestSite(request, baseOrigin);
  if (site === 'same') return;
  if (site === 'cross') throw new RequestRefusedException(403, 'cross_site_request', 'This request came from another site and is refused');
  if (readSessionCookie(request) !== undefined) {
    throw new RequestRefusedException(403, 'cross_site_request', 'A request signed in by the session cookie must come from this site (Origin header); API clients use a bearer token');
  }
}
