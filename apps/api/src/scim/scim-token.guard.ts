import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ScimRepository } from '@fullfolj/database';
import { hashApiToken } from '../auth/secrets';
import { ScimError } from './scim-errors';

export const SCIM_TOKEN_PREFIX = 'ffjscim_';

/**
 * /scim/v2 is for the identity provider only: a bearer SCIM token from /admin/scim-tokens,
 * never a person's session or API token (those routes are @Public() to the person guard).
 */
@Injectable()
export class ScimTokenGuard implements CanActivate {
  constructor(private readonly scim: ScimRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !match[1].startsWith(SCIM_TOKEN_PREFIX) || !(await this.scim.useToken(hashApiToken(match[1])))) {
      throw new ScimError(401, 'A valid SCIM bearer token is required');
    }
    return true;
  }
}
