import { applyDecorators, CanActivate, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { ApiErrorBody, CodedException } from '../common/api-error';

/**
 * AUTH_LOCAL=false: password sign-in and every password act are refused with 403
 * `local_sign_in_disabled`. A guard (not a check in the handler) so the refusal comes
 * before body validation: a client learns the feature is off, not that its body is wrong.
 */
@Injectable()
export class LocalSignInGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.auth.local) throw new CodedException(403, 'local_sign_in_disabled', 'Local passwords are turned off here; sign in through your organisation');
    return true;
  }
}

/** Marks a route as a local-password act (see LocalSignInGuard). */
export const RequireLocalSignIn = () =>
  applyDecorators(
    UseGuards(LocalSignInGuard),
    ApiForbiddenResponse({ description: 'Local passwords are turned off (AUTH_LOCAL=false): code local_sign_in_disabled', type: ApiErrorBody }),
  );
