import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PROGRAMME_ROLES, type Principal, type ProgrammeRole } from '@fullfolj/contracts';
import { PLANNER_ROLES } from '@fullfolj/domain';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
import { stringifyCsv } from '../common/csv';
import { ParseUuidPipe } from '../common/validation';
import { CompleteDto, CreateAssignmentDto, GateDecisionDto, GateOwnerActDto, GrantRoleDto, MoveDeadlineDto, MoveMeetingDto, ReassignDto, RecordStatusDto } from './dto/assignment.dto';
import { StartProgrammeDto } from './dto/start-programme.dto';
import { invalidField } from '../common/api-error';
import { ANY_ROLE, ProgrammeAccess } from './programme-access.service';
import { ProgrammeCommands } from './programme-commands.service';
import { ProgrammeQueries } from './programme-queries.service';
import { StartProgrammeUseCase } from './start-programme.use-case';

const OWNER_ONLY: readonly ProgrammeRole[] = ['owner'];

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

  @Post('preview')
  @HttpCode(200)
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: 'The whole plan of a programme, and every reminder it will send, before anything starts (nothing is written)' })
  preview(@Body() dto: StartProgrammeDto, @CurrentPrincipal() principal: Principal) {
    return this.start.preview(principal, dto);
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

  @Delete(':id/roles/:personId/:role')
  @HttpCode(200)
  @ApiOperation({
    summary: "Revoke a person's role in the programme (owner); answers the roles left",
    description:
      'Recorded in the history and audit trail. 404 (code role_not_held) when the person does not have the role; 409 with code last_owner (the programme keeps one owner), still_responsible (the responsible role goes with their last item: reassign it) or open_gate_member (they decide an open gate).',
  })
  revokeRole(
    @Param('id', ParseUuidPipe) id: string,
    @Param('personId', ParseUuidPipe) personId: string,
    @Param('role') role: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!(PROGRAMME_ROLES as readonly string[]).includes(role)) throw invalidField('role', `must be one of ${PROGRAMME_ROLES.join(', ')}`);
    return this.commands.revokeRole(id, personId, role as ProgrammeRole, principal);
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

  @Get(':id/gates/:phaseKey')
  @ApiOperation({ summary: 'A gate: its rule, every round with its snapshot and members, and who has decided what' })
  async gate(@Param('id', ParseUuidPipe) id: string, @Param('phaseKey') phaseKey: string, @CurrentPrincipal() principal: Principal) {
    await this.access.require(id, principal, ANY_ROLE);
    const view = await this.queries.view(id);
    const phase = view.phases.find((p) => p.key === phaseKey);
    if (!phase || !phase.gate) throw new NotFoundException(`programme ${id} has no gate at phase "${phaseKey}"`);
    return {
      phaseKey,
      definition: phase.gate,
      status: phase.gateStatus,
      rounds: await this.queries.gateRounds(id, phaseKey),
      live: view.live?.phases.find((p) => p.key === phaseKey)?.gate ?? null,
    };
  }

  @Post(':id/gates/:phaseKey/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an open gate, with a reason (owner); the phase goes on' })
  withdrawGate(@Param('id', ParseUuidPipe) id: string, @Param('phaseKey') phaseKey: string, @Body() dto: GateOwnerActDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.withdrawGate(id, phaseKey, principal, dto);
  }

  @Post(':id/gates/:phaseKey/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-open a rejected or withdrawn gate, with a reason (owner): a new round on a fresh snapshot' })
  reopenGate(@Param('id', ParseUuidPipe) id: string, @Param('phaseKey') phaseKey: string, @Body() dto: GateOwnerActDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.reopenGate(id, phaseKey, principal, dto);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The audit trail: every act with who, when and what, in order (owner and steering group); JSON or CSV' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async audit(
    @Param('id', ParseUuidPipe) id: string,
    @Query('format') format: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (format !== undefined && format !== 'json' && format !== 'csv') throw invalidField('format', 'must be json or csv');
    await this.access.require(id, principal, PLANNER_ROLES);
    const rows = await this.queries.audit(id);
    if (format !== 'csv') return rows;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="granskningslogg-${id}.csv"`);
    return stringifyCsv(
      rows.map((r) => [r.seq, r.occurredAt, r.actorId ?? '', r.actorName ?? '', r.type, r.subjectId ?? '', JSON.stringify(r.data)]),
      { header: true, columns: ['seq', 'occurred_at', 'actor_id', 'actor_name', 'type', 'subject', 'details'], bom: true },
    );
  }

  @Get(':id/reminders')
  @ApiOperation({
    summary: 'Every reminder and escalation the current plan will still send: to whom, when, about what',
    description: 'Owners and the steering group see all of them; anyone else with a role in the programme (a secretary, a responsible official) sees those addressed to them.',
  })
  async reminders(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    const roles = await this.access.require(id, principal, ANY_ROLE);
    const all = await this.queries.reminders(id);
    return roles.some((r) => PLANNER_ROLES.includes(r)) ? all : all.filter((entry) => entry.recipientIds.includes(principal.personId));
  }

  @Get(':id/mail-failures')
  @ApiOperation({
    summary: 'Mail that did not reach people: refused for good by the SMTP server (5xx), newest first, with the code and its text (owner)',
    description: 'Not retried. Temporary refusals (4xx) and outages are retried and do not show here.',
  })
  async mailFailures(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    await this.access.require(id, principal, OWNER_ONLY);
    return this.queries.mailFailures(id);
  }

  @Post(':id/meetings/:meetingKey/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a meeting, with a reason: invitees get an update (same UID, higher SEQUENCE) (owner, steering group, secretary)' })
  moveMeeting(@Param('id', ParseUuidPipe) id: string, @Param('meetingKey') meetingKey: string, @Body() dto: MoveMeetingDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.moveMeeting(id, meetingKey, principal, dto);
  }

  @Post(':id/meetings/:meetingKey/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a meeting, with a reason: invitees get METHOD:CANCEL (owner, steering group)' })
  cancelMeeting(@Param('id', ParseUuidPipe) id: string, @Param('meetingKey') meetingKey: string, @Body() dto: GateOwnerActDto, @CurrentPrincipal() principal: Principal) {
    return this.commands.cancelMeeting(id, meetingKey, principal, dto);
  }
}
