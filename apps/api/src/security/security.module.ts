import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { configurePasswordHashing } from '../auth/passwords';
import { RequestOriginGuard } from './request-origin.guard';
import { SignInThrottleService } from './sign-in-throttle.service';

/** Request hardening that lives in Nest: the CSRF guard for every route and sign-in throttling. */
@Module({
  providers: [SignInThrottleService, { provide: APP_GUARD, useClass: RequestOriginGuard }],
  exports: [SignInThrottleService],
})
export class SecurityModule implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    configurePasswordHashing(this.config.security.passwordHashing);
  }
}
