import type { Request } from 'express';
import type { Principal } from '@fullfolj/contracts';

/** Injection token of the one IdentityProvider the app uses. */
export const IDENTITY = Symbol('IDENTITY');

/**
 * Who is calling: the one seam between the API and the way people sign in. The global
 * AuthGuard asks it about every request to a non-public route and puts the answer on
 * the request (read it with @CurrentPrincipal()). Today LocalIdentityProvider answers
 * from a session cookie or a bearer token; a single sign-on (OIDC) provider replaces it
 * by binding another class to IDENTITY in AuthModule, with its own login routes.
 */
export interface IdentityProvider {
  /**
   * The principal behind the request, or null when it carries no valid credentials
   * (then the guard answers 401). Must not throw for bad or expired credentials.
   */
  authenticate(request: Request): Promise<Principal | null>;
}

/** A request after the AuthGuard: `principal` is set on every non-public route. */
export type RequestWithPrincipal = Request & { principal?: Principal };
