import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireAdmin } from '../auth/auth.decorators';
import { AdminRightsService } from './admin-rights.service';
import { DEFAULT_SECURITY_LOG_LIMIT, SecurityLogEntryView, SecurityLogQueryDto, UpdateRightsDto } from './dto/admin.dto';
import { PersonView } from './dto/person.dto';

/** An administrator grants and takes rights, and reads the security log of such changes. */
@ApiTags('admin')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('admin')
export class AdminRightsController {
  constructor(private readonly rights: AdminRightsService) {}

  @Patch('people/:id/rights')
  @RequireAdmin()
  @ApiOperation({ summary: "Set a person's rights; each change is in the security log" })
  @ApiOkResponse({ type: PersonView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'errors[{field: isAdmin, code: last_admin}]: the last active administrator keeps the right', type: ApiErrorBody })
  async setRights(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidPipe) id: string, @Body() body: UpdateRightsDto): Promise<PersonView> {
    return PersonView.of(await this.rights.setRights(principal, id, { canOwnProgrammes: body.canOwnProgrammes, isAdmin: body.isAdmin }));
  }

  @Get('security-log')
  @RequireAdmin()
  @ApiOperation({ summary: 'The security log, newest first: sign-ins, rights, passwords, tokens, deactivations' })
  @ApiOkResponse({ type: [SecurityLogEntryView] })
  @ApiBadRequestResponse({ description: 'Bad personId or limit (errors[].code names why)', type: ApiErrorBody })
  async securityLog(@Query() query: SecurityLogQueryDto): Promise<SecurityLogEntryView[]> {
    const rows = await this.rights.securityLog({ personId: query.personId, limit: query.limit ?? DEFAULT_SECURITY_LOG_LIMIT });
    return rows.map((r) => SecurityLogEntryView.of(r));
  }
}
