import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { AccountService, PASSWORD_RESET_VALID_HOURS } from './account.service';
import { CurrentPrincipal, RequireAdmin } from './auth.decorators';
import { PasswordResetRequestedView } from './dto/account.dto';
import { RequireLocalSignIn } from './local-sign-in.guard';

/** An administrator sends a person a password reset link; the administrator never sees it. */
@ApiTags('admin')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('admin/people')
export class AdminPasswordResetController {
  constructor(private readonly accounts: AccountService) {}

  @Post(':id/password-reset')
  @HttpCode(202)
  @RequireAdmin()
  @RequireLocalSignIn()
  @ApiOperation({
    summary: `Mail the person a single-use link to choose a new password (valid ${PASSWORD_RESET_VALID_HOURS} h); an earlier unused link stops working`,
    description: 'Accepted: the mail is sent by the worker. The link is in that mail only.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedView })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code person_deactivated', type: ApiErrorBody })
  async requestReset(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidPipe) id: string): Promise<PasswordResetRequestedView> {
    return { expiresAt: await this.accounts.requestReset(principal, id) };
  }
}
