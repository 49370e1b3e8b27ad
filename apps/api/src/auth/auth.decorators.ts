import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import type { RequestWithPrincipal } from './identity';

export const IS_PUBLIC = 'fullfolj:isPublic';
export const REQUIRES_CAN_OWN_PROGRAMMES = 'fullfolj:requiresCanOwnProgrammes';
export const REQUIRES_ADMIN = 'fullfolj:requiresAdmin';

/**
 * Opens a controller or handler to callers who are not signed in. Everything else
 * requires a principal. In the OpenAPI document it clears the security requirement.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/** 403 unless the principal may own programmes (create programmes and templates, add people to assign). */
export const RequireCanOwnProgrammes = () =>
  applyDecorators(
    SetMetadata(REQUIRES_CAN_OWN_PROGRAMMES, true),
    ApiForbiddenResponse({ description: 'The caller may not own programmes', type: ApiErrorBody }),
  );

/** 403 unless the principal is an administrator (people, rights, single sign-on, SCIM tokens). */
export const RequireAdmin = () =>
  applyDecorators(
    SetMetadata(REQUIRES_ADMIN, true),
    ApiForbiddenResponse({ description: 'The caller is not an administrator', type: ApiErrorBody }),
  );

/** The authenticated caller: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // Only on a @Public() route can this be missing, and such a route should not ask for it.
  if (!principal) throw new UnauthorizedException('Sign-in required');
  return principal;
});
