import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Principal, ProgrammeRole, programmeUpdates, workflowIds } from '@fullfolj/contracts';
import { PeopleRepository, ProgrammeReadRepository } from '@fullfolj/database';
import { minutesDueAfterMove, PLANNER_ROLES, STEERING_ROLES } from '@fullfolj/domain';
import { idUnavailable, invalidField } from '../common/api-error';
import { TemporalCalls } from '../temporal/temporal-calls';
import { CompleteDto, CreateAssignmentDto, GateDecisionDto, GateOwnerActDto, GrantRoleDto, MoveDeadlineDto, MoveMeetingDto, ReassignDto, RecordStatusDto } from './dto/assignment.dto';
import { describe, ProgrammeAccess } from './programme-access.service';
import { viaTemporal } from './temporal-errors';

/**
 * People's acts on a programme. Each checks the caller's role in that programme, then is
 * sent to the workflow as an update, which validates it against the live state before it
 * enters history. The workflow's activity writes the read model; this service writes nothing.
 */
@Injectable()
export class ProgrammeCommands {
  constructor(
    private readonly access: ProgrammeAccess,
    private readonly programmes: ProgrammeReadRepository,
    private readonly temporal: TemporalCalls,
    private readonly people: PeopleRepository,
  ) {}

  async createAssignment(programmeId: string, principal: Principal, dto: CreateAssignmentDto) {
    await this.access.require(programmeId, principal, PLANNER_ROLES);
    if (dto.responsibleId) await this.requirePerson('responsibleId', dto.responsibleId);
    // Assignment ids are unique across programmes, so a client-chosen id may already be taken elsewhere.
    if (dto.id && (await this.programmes.assignmentIdTakenElsewhere(dto.id, programmeId))) {
      throw idUnavailable();
    }
    const { id, ...fields } = dto;
    return this.update(programmeId, programmeUpdates.createAssignment, { ...fields, id: id ?? randomUUID(), actorId: principal.personId });
  }

  async reassign(programmeId: string, assignmentId: string, principal: Principal, dto: ReassignDto) {
    await this.access.require(programmeId, principal, PLANNER_ROLES);
    await this.requirePerson('responsibleId', dto.responsibleId);
    return this.update(programmeId, programmeUpdates.reassign, { assignmentId, responsibleId: dto.responsibleId, actorId: principal.personId });
  }

  async recordStatus(programmeId: string, assignmentId: string, principal: Principal, dto: RecordStatusDto) {
    await this.requireResponsibleOrOwner(programmeId, assignmentId, principal);
    return this.update(programmeId, programmeUpdates.recordStatus, { assignmentId, status: dto.status, comment: dto.comment, actorId: principal.personId });
  }

  async complete(programmeId: string, assignmentId: string, principal: Principal, dto: CompleteDto) {
    await this.requireResponsibleOrOwner(programmeId, assignmentId, principal);
    return this.update(programmeId, programmeUpdates.complete, { assignmentId, comment: dto.comment, actorId: principal.personId });
  }

  async moveDeadline(programmeId: string, assignmentId: string, principal: Principal, dto: MoveDeadlineDto) {
    await this.access.require(programmeId, principal, PLANNER_ROLES);
    return this.update(programmeId, programmeUpdates.moveDeadline, {
      assignmentId,
      dueDate: dto.dueDate,
      reason: dto.reason.trim(),
      actorId: principal.personId,
    });
  }

  async grantRole(programmeId: string, principal: Principal, dto: GrantRoleDto) {
    await this.access.require(programmeId, principal, ['owner']);
    await this.requirePerson('personId', dto.personId);
    return this.update(programmeId, programmeUpdates.grantRole, { personId: dto.personId, role: dto.role, team: dto.team ?? null, actorId: principal.personId });
  }

  /** The owner takes a role away; the workflow refuses the last owner and a responsible who still holds items. */
  async revokeRole(programmeId: string, personId: string, role: ProgrammeRole, principal: Principal) {
    await this.access.require(programmeId, principal, ['owner']);
    return this.update(programmeId, programmeUpdates.revokeRole, { personId, role, actorId: principal.personId });
  }

  async decideGate(programmeId: string, phaseKey: string, principal: Principal, dto: GateDecisionDto) {
    await this.access.require(programmeId, principal, STEERING_ROLES);
    for (const [i, c] of (dto.conditions ?? []).entries()) await this.requirePerson(`conditions[${i}].responsibleId`, c.responsibleId);
    return this.update(programmeId, programmeUpdates.decideGate, {
      phaseKey,
      decision: dto.decision,
      comment: dto.comment,
      conditions: dto.conditions?.map((c) => ({ title: c.title.trim(), responsibleId: c.responsibleId, dueDate: c.dueDate })),
      actorId: principal.personId,
    });
  }

  async withdrawGate(programmeId: string, phaseKey: string, principal: Principal, dto: GateOwnerActDto) {
    await this.access.require(programmeId, principal, ['owner']);
    return this.update(programmeId, programmeUpdates.withdrawGate, { phaseKey, reason: dto.reason.trim(), actorId: principal.personId });
  }

  async reopenGate(programmeId: string, phaseKey: string, principal: Principal, dto: GateOwnerActDto) {
    await this.access.require(programmeId, principal, ['owner']);
    return this.update(programmeId, programmeUpdates.reopenGate, { phaseKey, reason: dto.reason.trim(), actorId: principal.personId });
  }

  async moveMeeting(programmeId: string, meetingKey: string, principal: Principal, dto: MoveMeetingDto) {
    await this.access.require(programmeId, principal, [...PLANNER_ROLES, 'secretary']);
    const minutesDueDate = await this.minutesDueAfterMove(programmeId, meetingKey, dto.date);
    return this.update(programmeId, programmeUpdates.moveMeeting, {
      meetingKey,
      date: dto.date,
      startTime: dto.startTime ?? null,
      reason: dto.reason,
      actorId: principal.personId,
      minutesDueDate,
    });
  }

  /** The minutes' new deadline when their meeting moves; null when the meeting has no open minutes. */
  private async minutesDueAfterMove(programmeId: string, meetingKey: string, date: string): Promise<string | null> {
    const row = await this.programmes.openMinutes(programmeId, meetingKey);
    if (!row) return null;
    try {
      return minutesDueAfterMove({ meetingFrom: row.meetingDate, meetingTo: date, minutesDue: row.minutesDue });
    } catch (error) {
      if (error instanceof RangeError) throw invalidField('date', error.message);
      throw error;
    }
  }

  async cancelMeeting(programmeId: string, meetingKey: string, principal: Principal, dto: GateOwnerActDto) {
    await this.access.require(programmeId, principal, PLANNER_ROLES);
    return this.update(programmeId, programmeUpdates.cancelMeeting, { meetingKey, reason: dto.reason, actorId: principal.personId });
  }

  /** The responsible person records status on their own item; the owner may on any. */
  private async requireResponsibleOrOwner(programmeId: string, assignmentId: string, principal: Principal) {
    const roles = await this.access.require(programmeId, principal, ['owner', 'responsible']);
    const row = await this.programmes.responsibleOf(programmeId, assignmentId);
    if (!row) throw new NotFoundException(`assignment ${assignmentId} is not part of programme ${programmeId}`);
    if (!roles.includes('owner') && row.responsibleId !== principal.personId) {
      throw new ForbiddenException(`requires being responsible for this assignment or the role ${describe(['owner'])}`);
    }
  }

  private async requirePerson(field: string, personId: string) {
    if (!(await this.people.exists(personId))) throw invalidField(field, 'no such person');
  }

  private async update<Ret, Arg extends { actorId: string }>(
    programmeId: string,
    definition: import('@temporalio/client').UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    // One row, not the whole read model: only whether the workflow can still take acts.
    if ((await this.programmes.status(programmeId)) === 'completed') throw new ConflictException('the programme is completed');
    // With an Idempotency-Key the update id is the same on a retry, so Temporal carries the act out once.
    const updateId = this.temporal.derivedId(`${definition.name}\n${arg.actorId}`);
    return viaTemporal(() =>
      this.temporal.run({ kind: 'act', retrySafe: updateId !== undefined }, (client) =>
        client.workflow.getHandle(workflowIds.programme(programmeId)).executeUpdate(definition, { args: [arg], updateId }),
      ),
    );
  }
}
