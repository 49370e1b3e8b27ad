import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireAdmin } from '../auth/auth.decorators';
import { ErasureDto, ErasureView } from './personal-data.dto';
import { PersonalDataService } from './personal-data.service';

const attachment = (res: Response, personId: string) => {
  res.setHeader('content-disposition', `attachment; filename="mina-uppgifter-${personId}.json"`);
  // Personal data: never kept by a browser or proxy cache.
  res.setHeader('cache-control', 'no-store');
};

/** Everything held about the caller, as a JSON download. */
@ApiTags('auth')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('auth/me')
export class OwnPersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get('personal-data')
  @ApiOperation({ summary: 'Download everything Fullfölj holds about you (GDPR art. 15 and 20) as JSON; no password, token or session secret' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'A JSON attachment: profile, rights, roles, items, decisions, acts, mail, sessions, tokens, security log' })
  async own(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const data = await this.personalData.export(principal.personId, principal);
    attachment(res, principal.personId);
    return data;
  }
}

/** An administrator exports or erases a person's data. */
@ApiTags('admin')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('admin/people')
export class AdminPersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get(':id/personal-data')
  @RequireAdmin()
  @ApiOperation({ summary: "Download everything Fullfölj holds about a person (GDPR art. 15 and 20) as JSON; in the security log as an export" })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'A JSON attachment, as GET /auth/me/personal-data' })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  async export(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const data = await this.personalData.export(id, principal);
    attachment(res, id);
    return data;
  }

  @Post(':id/erasure')
  @HttpCode(200)
  @RequireAdmin()
  @ApiOperation({
    summary:
      'Erase a person (GDPR art. 17) within the law on public records: name, e-mail and free text become a pseudonym in the read model and the outbox, the account is deactivated; decisions and the audit trail stay',
  })
  @ApiOkResponse({ type: ErasureView })
  @ApiBadRequestResponse({ description: 'code reason_required or reason_too_long (reason)', type: ApiErrorBody })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code cannot_erase_self, already_erased or last_admin', type: ApiErrorBody })
  erase(@Param('id', ParseUuidPipe) id: string, @Body() body: ErasureDto, @CurrentPrincipal() principal: Principal): Promise<ErasureView> {
    return this.personalData.erase(id, principal, body.reason);
  }
}
