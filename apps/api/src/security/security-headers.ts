import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Swagger UI's route: its page needs inline style and script, so it gets its own policy. */
export const DOCS_PATH = '/api/docs';

/**
 * helmet's headers on every response (nosniff, no framing, no referrer, same-origin resource
 * and opener policies) with a strict Content-Security-Policy: the web app loads only its own
 * files, has no inline script or style and uses no CDN. HSTS only when APP_BASE_URL is https
 * (on plain http it would do nothing, and on localhost it would pin other local apps to https).
 */
export function securityHeaders(baseUrl: string): RequestHandler {
  const https = new URL(baseUrl).protocol === 'https:';
  const common = {
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' as const },
  };
  const strict = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        // Swagger UI's page starts itself with an inline script and styles itself inline.
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
  return (req, res, next) => (req.path === DOCS_PATH || req.path.startsWith(`${DOCS_PATH}/`) ? docs : strict)(req, res, next);
}
