import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
import { ParseUuidPipe } from '../common/validation';
import { CompleteDto, CreateAssignmentDto, GateDecisionDto, GrantRoleDto, MoveDeadlineDto, ReassignDto, RecordStatusDto } from './dto/assignment.dto';
import { StartProgrammeDto } from './dto/start-programme.dto';
import { ANY_ROLE, ProgrammeAccess } from './programme-access.service';
import { ProgrammeCommands } from './programme-commands.service';
import { ProgrammeQueries } from './programme-queries.service';
import { StartProgrammeUseCase } from './start-programme.use-case';

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly start: StartProgrammeUseCase,
    private readonly queries: ProgrammeQueries,
    private readonly commands: ProgrammeCommands,
    private readonly access: ProgrammeAccess,
  ) {}

  @Post()
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: 'Start a programme from a template; repeating it with the same id returns the same programme (200)' })
  async create(@Body() dto: StartProgrammeDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, programme } = await this.start.execute(principal, dto);
    res.status(created ? 201 : 200);
    return programme;
  }

  @Get()
  @ApiOperation({ summary: 'Programmes I have a role in' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.queries.list(principal.personId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A programme: phases, meetings, assignments, roles, and the live workflow state' })
  async get(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    await this.access.require(id, principal, ANY_ROLE);
    return this.queries.view(id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every act on the programme, in order (append-only)' })
  async history(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    await this.access.require(id, principal, ANY_ROLE);
    return this.queries.history(id);
  }

  @Post(':id/roles')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a person a role in the programme (owner)' })
  grantRole(@Param('id', ParseUuidPipe) id: string, @Body() dto: GrantRoleDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.grantRole(id, principal, dto);
  }

  @Post(':id/assignments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an assignment (owner or steering group)' })
  createAssignment(@Param('id', ParseUuidPipe) id: string, @Body() dto: CreateAssignmentDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.createAssignment(id, principal, dto);
  }

  @Post(':id/assignments/:assignmentId/responsible')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign an assignment (owner or steering group)' })
  reassign(
    @Param('id', ParseUuidPipe) id: string,
    @Param('assignmentId', ParseUuidPipe) assignmentId: string,
    @Body() dto: ReassignDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.reassign(id, assignmentId, principal, dto);
  }

  @Post(':id/assignments/:assignmentId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record status and a comment (the responsible person or the owner)' })
  recordStatus(
    @Param('id', ParseUuidPipe) id: string,
    @Param('assignmentId', ParseUuidPipe) assignmentId: string,
    @Body() dto: RecordStatusDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.recordStatus(id, assignmentId, principal, dto);
  }

  @Post(':id/assignments/:assignmentId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an assignment done (the responsible person or the owner)' })
  complete(
    @Param('id', ParseUuidPipe) id: string,
    @Param('assignmentId', ParseUuidPipe) assignmentId: string,
    @Body() dto: CompleteDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.complete(id, assignmentId, principal, dto);
  }

  @Post(':id/assignments/:assignmentId/deadline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a deadline, with a reason; the original date is kept (owner or steering group)' })
  moveDeadline(
    @Param('id', ParseUuidPipe) id: string,
    @Param('assignmentId', ParseUuidPipe) assignmentId: string,
    @Body() dto: MoveDeadlineDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.moveDeadline(id, assignmentId, principal, dto);
  }

  @Post(':id/gates/:phaseKey/decisions')
  @HttpCode(200)
  @ApiOperation({ summary: "Record a steering-group member's gate decision" })
  decideGate(
    @Param('id', ParseUuidPipe) id: string,
    @Param('phaseKey') phaseKey: string,
    @Body() dto: GateDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.decideGate(id, phaseKey, principal, dto);
  }
}
