import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireAdmin } from '../auth/auth.decorators';
import { PersonView } from './dto/person.dto';
import { PersonLifecycleService } from './person-lifecycle.service';

/** An administrator deactivates and reactivates people (SCIM does the same through /scim/v2). */
@ApiTags('admin')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('admin/people')
export class AdminPeopleController {
  constructor(private readonly lifecycle: PersonLifecycleService) {}

  @Post(':id/deactivate')
  @HttpCode(200)
  @RequireAdmin()
  @ApiOperation({
    summary: 'Deactivate a person: no sign-in, every session ended, every API token revoked; owners of their open items are told once',
  })
  @ApiOkResponse({ type: PersonView })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code cannot_deactivate_self (yourself) or last_admin (the last active administrator)', type: ApiErrorBody })
  async deactivate(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return PersonView.of(await this.lifecycle.deactivate(id, principal, 'admin'));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @RequireAdmin()
  @ApiOperation({ summary: 'Reactivate a person: they may sign in again; old sessions and tokens stay ended' })
  @ApiOkResponse({ type: PersonView })
  @ApiNotFoundResponse({ description: 'No person with this id', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'code erased: the person was erased (POST /admin/people/{id}/erasure)', type: ApiErrorBody })
  async reactivate(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return PersonView.of(await this.lifecycle.reactivate(id, principal, 'admin'));
  }
}
