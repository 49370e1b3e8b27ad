import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IS_PUBLIC, RIGHT_REQUIREMENTS } from './auth.decorators';
import { IDENTITY, IdentityProvider, RequestWithPrincipal } from './identity';

/**
 * Global (APP_GUARD): every route needs a principal unless it is @Public(). Express
 * middleware outside Nest's router (the OpenAPI UI and JSON, the static web app) never
 * reaches a guard and stays public.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(IDENTITY) private readonly identity: IdentityProvider,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithPrincipal>();
    const principal = await this.identity.authenticate(request);
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="fullfolj"');
      throw new UnauthorizedException('Sign in, or send an API token as "Authorization: Bearer <token>"');
    }
    request.principal = principal;

    for (const { key, anyOf, refusal } of RIGHT_REQUIREMENTS) {
      if (this.reflector.getAllAndOverride<boolean>(key, targets) && !anyOf.some((right) => principal[right])) throw new ForbiddenException(refusal);
    }
    return true;
  }
}
