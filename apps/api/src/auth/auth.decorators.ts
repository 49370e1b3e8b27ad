import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity } from '@nestjs/swagger';
import type { PersonRight, Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import type { RequestWithPrincipal } from './identity';

export const IS_PUBLIC = 'fullfolj:isPublic';
export const REQUIRES_CAN_OWN_PROGRAMMES = 'fullfolj:requiresCanOwnProgrammes';
export const REQUIRES_ADMIN = 'fullfolj:requiresAdmin';
export const REQUIRES_OWNER_OR_ADMIN = 'fullfolj:requiresOwnerOrAdmin';

/**
 * What each Require…() decorator asks of the principal: one of `anyOf` rights. AuthGuard
 * checks them all from this one table; a route may carry several (each must hold).
 */
export const RIGHT_REQUIREMENTS: ReadonlyArray<{ key: string; anyOf: readonly PersonRight[]; refusal: string }> = [
  { key: REQUIRES_CAN_OWN_PROGRAMMES, anyOf: ['canOwnProgrammes'], refusal: 'Only people who may own programmes can do this' },
  { key: REQUIRES_ADMIN, anyOf: ['isAdmin'], refusal: 'Only administrators can do this' },
  { key: REQUIRES_OWNER_OR_ADMIN, anyOf: ['canOwnProgrammes', 'isAdmin'], refusal: 'Only programme owners and administrators can do this' },
];

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

/** 403 unless the principal may own programmes or is an administrator (the list of people, adding people). */
export const RequireOwnerOrAdmin = () =>
  applyDecorators(
    SetMetadata(REQUIRES_OWNER_OR_ADMIN, true),
    ApiForbiddenResponse({ description: 'The caller neither may own programmes nor is an administrator', type: ApiErrorBody }),
  );

/** The authenticated caller: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // Only on a @Public() route can this be missing, and such a route should not ask for it.
  if (!principal) throw new UnauthorizedException('Sign-in required');
  return principal;
});
