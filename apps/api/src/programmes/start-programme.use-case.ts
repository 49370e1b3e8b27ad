import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { isUUID } from 'class-validator';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { Principal, ProgrammeDefinition, programmeUpdates, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { PeopleRepository } from '@fullfolj/database';
import { FieldsConflictException, idUnavailable, InvalidInputException, invalidField } from '../common/api-error';
import { StartProgrammeDto } from './dto/start-programme.dto';
import { parseProgrammeTemplate, planProgramme, previewReminders, startDifferences, steeringGroupOf } from '@fullfolj/domain';
import { namedPeople, ProgrammePeople, toProgrammeDefinition } from '@fullfolj/domain/node';
import { ProgrammeQueries } from './programme-queries.service';
import { TemporalCalls } from '../temporal/temporal-calls';
import { viaTemporal } from './temporal-errors';
import { TemplatesService } from './templates.service';
import type { programmeWorkflow } from '@fullfolj/workflows';

/**
 * Starts a programme: validates everything first (template, dates, people), then starts
 * its workflow with an id derived from the programme id. The workflow's first activity
 * writes the read model; the API writes nothing itself, so a rejected start leaves nothing.
 */
@Injectable()
export class StartProgrammeUseCase {
  constructor(
    private readonly templates: TemplatesService,
    private readonly queries: ProgrammeQueries,
    private readonly temporal: TemporalCalls,
    private readonly people: PeopleRepository,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute(principal: Principal, dto: StartProgrammeDto) {
    // The same request sent again (same id, or same Idempotency-Key) names the same workflow: started once.
    const programmeId = dto.id ?? this.temporal.derivedId(principal.personId, 'uuid') ?? randomUUID();
    const retrySafe = dto.id !== undefined || this.temporal.idempotencyKey !== undefined;
    const existing = await this.queries.findExisting(programmeId);
    if (existing) {
      if (existing.programme.ownerId !== principal.personId) throw idUnavailable();
      await this.requireSameStart(principal, dto, programmeId);
      return { created: false, programme: await this.queries.view(programmeId) };
    }
    const definition = await this.prepare(principal, dto, programmeId);
    await viaTemporal(() =>
      this.temporal.run({ kind: 'act', retrySafe }, (client) =>
        client.workflow.executeUpdateWithStart(programmeUpdates.started, {
          startWorkflowOperation: new WithStartWorkflowOperation<typeof programmeWorkflow>(workflowTypes.programme, {
            workflowId: workflowIds.programme(programmeId),
            taskQueue: this.config.temporal.taskQueue,
            args: [{ definition }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      ),
    );
    const programme = await this.queries.view(programmeId);
    // Two owners racing with the same id: USE_EXISTING attached the later one to the other's workflow.
    if (programme.programme.ownerId !== principal.personId) throw idUnavailable();
    return { created: true, programme };
  }

  /**
   * A start sent again with the same id must be the same request: a retry answers with the
   * programme, while different content is a 409 naming each field that differs, instead of
   * being dropped without a word. The template version is the one the programme started on
   * unless the request names one, so a version published since is no difference.
   */
  private async requireSameStart(principal: Principal, dto: StartProgrammeDto, programmeId: string): Promise<void> {
    const started = await this.queries.startedDefinition(programmeId);
    if (!started) return;
    const templateVersion = dto.templateVersion ?? (dto.templateId === started.template.id ? started.template.version : undefined);
    const fields = startDifferences(started, await this.prepare(principal, { ...dto, templateVersion }, programmeId));
    if (fields.length === 0) return;
    throw new FieldsConflictException(
      fields.map((field) => ({ field, code: 'differs_from_started', message: 'differs from the programme already started with this id; leave the id out to start a new programme' })),
    );
  }

  /** The whole plan and every reminder it will send, before anything starts; nothing is written. */
  async preview(principal: Principal, dto: StartProgrammeDto) {
    const definition = await this.prepare(principal, dto, dto.id ?? randomUUID());
    const chairId = definition.roles.find((r) => r.role === 'steering_chair')?.personId ?? null;
    const steering = steeringGroupOf(definition.roles);
    return {
      definition,
      reminders: previewReminders({
        ownerId: definition.ownerId,
        chairId,
        programmePolicy: definition.reminderPolicy,
        items: definition.assignments.map((a) => ({ ...a, responsibleId: a.responsibleId ?? null, completed: false })),
        gates: definition.phases
          .filter((p) => p.gate)
          .map((p) => ({ phaseKey: p.key, name: p.gate!.name.sv, dueDate: p.gate!.dueDate, undecided: p.gate!.memberIds ?? steering, decided: false })),
      }),
    };
  }

  /** Validates everything (template, dates, people) and builds what the workflow will run. */
  private async prepare(principal: Principal, dto: StartProgrammeDto, programmeId: string): Promise<ProgrammeDefinition> {
    const stored = await this.templates.get(dto.templateId, dto.templateVersion).catch(() => {
      throw invalidField(dto.templateVersion ? 'templateVersion' : 'templateId', 'no such template (see GET /templates)');
    });
    const parsed = parseProgrammeTemplate(stored.definition);
    if (!parsed.ok) throw new Error(`stored template ${stored.id} v${stored.version} no longer parses`);
    let planned: ReturnType<typeof planProgramme>;
    try {
      planned = planProgramme(parsed.template, { programmeStart: dto.programmeStart, dates: dto.dates ?? {} });
    } catch (error) {
      // Dates outside the calendar's range (years 1900–2999) end up here rather than as a 500.
      if (error instanceof RangeError) throw invalidField('dates', error.message);
      throw error;
    }
    if (!planned.ok) {
      throw new InvalidInputException(planned.errors.map((e) => ({ field: e.path || 'dates', message: e.message })));
    }

    const people: ProgrammePeople = {
      ownerId: principal.personId,
      chairId: dto.steeringGroup.chairId,
      memberIds: dto.steeringGroup.memberIds,
      referenceGroupIds: dto.referenceGroupIds ?? [],
      teams: dto.teams ?? [],
      secretaryId: dto.secretaryId,
      responsibles: {},
    };
    for (const [role, id] of Object.entries(dto.responsibles ?? {})) {
      if (typeof id !== 'string' || !isUUID(id)) throw invalidField(`responsibles.${role}`, 'must be a person id (UUID)');
      people.responsibles[role] = id.toLowerCase();
    }
    await this.requireExistingPeople(namedPeople(people));

    const mapped = toProgrammeDefinition(parsed.template, planned.plan, { programmeId, name: dto.name, people });
    if (!mapped.ok) throw new InvalidInputException(mapped.errors);
    return { ...mapped.definition, reminderPolicy: dto.reminderPolicy ?? null };
  }

  private async requireExistingPeople(named: Array<{ field: string; personId: string }>): Promise<void> {
    if (named.length === 0) return;
    const known = await this.people.existingIds(named.map((n) => n.personId));
    const missing = named.filter((n) => !known.has(n.personId));
    if (missing.length > 0) throw new InvalidInputException(missing.map((m) => ({ field: m.field, message: 'no such person' })));
  }
}
