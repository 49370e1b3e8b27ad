import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { ApiTokenService } from './api-tokens.service';
import type { IdentityProvider } from './identity';
import { toPrincipal } from './principal';
import { SessionService } from './sessions.service';
import { readSessionCookie } from './session-cookie';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Local sign-in: `Authorization: Bearer <token>` for API clients, otherwise the session
 * cookie that POST /auth/login set. A request with an Authorization header is judged on
 * that header alone, so a bad token is a 401 even next to a good cookie.
 */
@Injectable()
export class LocalIdentityProvider implements IdentityProvider {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
  ) {}

  async authenticate(request: Request): Promise<Principal | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      const person = token ? await this.tokens.resolve(token) : null;
      return person ? toPrincipal(person, 'token') : null;
    }
    const sessionId = readSessionCookie(request);
    const person = sessionId ? await this.sessions.resolve(sessionId) : null;
    return person ? toPrincipal(person, 'session') : null;
  }
}
