import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { WorkRepository } from '@fullfolj/database';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { ApiErrorBody } from '../common/api-error';
import { stockholmToday } from '../follow-up/stockholm-today';
import { MyWorkQueryDto, MyWorkView } from './dto/my-work.dto';

const DEFAULT_LIMIT = 200;

/** "My work" (mitt arbete): what is due for the signed-in person, across every programme. */
@ApiTags('my work')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('my-work')
export class MyWorkController {
  constructor(private readonly work: WorkRepository) {}

  @Get()
  @ApiOperation({
    summary: 'My open assignments, reports, minutes and gate decisions, nearest due date first',
    description: 'Act on them with the programme endpoints (assignment status and completion, gate decisions).',
  })
  @ApiOkResponse({ type: MyWorkView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: MyWorkQueryDto): Promise<MyWorkView> {
    const today = stockholmToday();
    const rows = await this.work.openFor(principal.personId, principal.language, query.limit ?? DEFAULT_LIMIT);
    return { today, items: rows.map((row) => ({ ...row, overdue: row.dueDate < today })) };
  }
}
