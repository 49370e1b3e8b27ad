import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, AppConfig, sessionSecret } from '@fullfolj/config';
import { OutgoingMailModule } from '../outgoing-mail/outgoing-mail.module';
import { SecurityModule } from '../security/security.module';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { AdminPasswordResetController } from './admin-password-reset.controller';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokenService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { IDENTITY } from './identity';
import { LocalIdentityProvider } from './local-identity.provider';
import { LocalLoginService } from './local-login.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { SamlController } from './saml/saml.controller';
import { SamlService } from './saml/saml.service';
import { SESSION_KEY, SessionService } from './sessions.service';
import { ExternalSignInService } from './sso/external-sign-in.service';

/**
 * Who is calling. Binds IDENTITY to the local provider (session cookie or bearer token)
 * and installs AuthGuard for every route. Single sign-on (OIDC here, SAML in saml/) ends in
 * the same session cookie as a password login, so IDENTITY needs no second provider.
 */
@Module({
  imports: [OutgoingMailModule, SecurityModule],
  controllers: [AuthController, OidcController, SamlController, ApiTokensController, AccountController, AdminPasswordResetController],
  providers: [
    { provide: SESSION_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => sessionSecret(config) },
    SessionService,
    ApiTokenService,
    AccountService,
    LocalLoginService,
    LocalIdentityProvider,
    ExternalSignInService,
    OidcService,
    SamlService,
    { provide: IDENTITY, useExisting: LocalIdentityProvider },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [IDENTITY, SessionService, ExternalSignInService],
})
export class AuthModule {}
