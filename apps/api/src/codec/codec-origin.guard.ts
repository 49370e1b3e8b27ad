import { CanActivate, ExecutionContext, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { readSessionCookie } from '../auth/session-cookie';
import { RequestRefusedException } from '../security/refusals';
import { requestSite } from '../security/request-origin.guard';

/**
 * The app-wide CSRF rule (same origin only) with one addition for the codec endpoint: the
 * Temporal Web UI's origin (TEMPORAL_UI_ORIGIN). Bodies must still be JSON, and a cookie-signed-in
 * request from any other site is refused; bearer tokens (the Temporal CLI) need no Origin.
 */
@Injectable()
export class CodecOriginGuard implements CanActivate {
  private readonly baseOrigin: string;
  private readonly uiOrigins: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.baseOrigin = new URL(config.api.baseUrl).origin;
    this.uiOrigins = new Set(config.temporal.uiOrigins);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') throw new RequestRefusedException(415, 'unsupported_media_type', `The body must be application/json${type ? `, not ${type}` : ''}`);
    if (/^bearer\s/i.test(request.headers.authorization ?? '')) return true;
    const origin = request.headers.origin;
    if (origin !== undefined && this.uiOrigins.has(origin)) return true;
    const site = requestSite(request, this.baseOrigin);
    if (site === 'same') return true;
    if (site === 'cross' || readSessionCookie(request) !== undefined) {
      throw new RequestRefusedException(403, 'cross_site_request', 'Only this site and the Temporal Web UI (TEMPORAL_UI_ORIGIN) may call the codec endpoint with a session cookie');
    }
    return true;
  }
}

/**
 * CORS for the Temporal Web UI's origins only, with credentials (the UI sends the administrator's
 * session cookie). Answers the preflight itself; any other origin gets no CORS headers, so the
 * browser keeps the answer from that page.
 */
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  private readonly uiOrigins: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.uiOrigins = new Set(config.temporal.uiOrigins);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const origin = request.headers.origin;
    response.vary('Origin');
    if (origin === undefined || !this.uiOrigins.has(origin)) return next();
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    if (request.method !== 'OPTIONS') return next();
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  }
}
