import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ProgrammeDefinition, programmeQueries, ProgrammeState, workflowIds } from '@fullfolj/contracts';
import { OutboxRepository, ProgrammeReadModel, ProgrammeReadRepository, RefusedMail } from '@fullfolj/database';
import type { GateDefinition } from '@fullfolj/contracts';
import { PreviewEntry, previewReminders, steeringGroupOf } from '@fullfolj/domain';
import { TemporalCalls } from '../temporal/temporal-calls';

export interface ProgrammeView extends ProgrammeReadModel {
  /** The workflow's own live state (a Temporal query); null when Temporal cannot be asked right now. */
  live: ProgrammeState | null;
}

@Injectable()
export class ProgrammeQueries {
  constructor(
    private readonly programmes: ProgrammeReadRepository,
    private readonly temporal: TemporalCalls,
    private readonly outbox: OutboxRepository,
  ) {}

  findExisting(programmeId: string): Promise<ProgrammeReadModel | null> {
    return this.programmes.find(programmeId);
  }

  startedDefinition(programmeId: string): Promise<ProgrammeDefinition | null> {
    return this.programmes.startedDefinition(programmeId);
  }

  async view(programmeId: string): Promise<ProgrammeView> {
    const model = await this.programmes.find(programmeId);
    if (!model) throw new NotFoundException(`programme ${programmeId} does not exist`);
    // The read model answers on its own; while Temporal is known to be down, do not wait for it.
    const live = this.temporal.reachable
      ? await this.temporal
          .run({ kind: 'read' }, (client) => client.workflow.getHandle(workflowIds.programme(programmeId)).query(programmeQueries.state))
          .catch(() => null)
      : null;
    return { ...model, live };
  }

  list(personId: string) {
    return this.programmes.listFor(personId);
  }

  history(programmeId: string) {
    return this.programmes.events(programmeId);
  }

  gateRounds(programmeId: string, phaseKey: string) {
    return this.programmes.gateRounds(programmeId, phaseKey);
  }

  audit(programmeId: string) {
    return this.programmes.audit(programmeId);
  }

  /** Mail of this programme that the SMTP server refused for good (from the outbox, not Temporal). */
  mailFailures(programmeId: string): Promise<RefusedMail[]> {
    return this.outbox.refusedForProgramme(programmeId);
  }

  /** From the live state: what the workflows will still send (reminders whose moment has not come). */
  async reminders(programmeId: string): Promise<PreviewEntry[]> {
    const view = await this.view(programmeId);
    if (!view.live) throw new ServiceUnavailableException('the workflow service cannot be asked right now; try again shortly');
    const live = view.live;
    const chairId = live.roles.find((r) => r.role === 'steering_chair')?.personId ?? null;
    const steering = steeringGroupOf(live.roles);
    return previewReminders({
      ownerId: view.programme.ownerId,
      chairId,
      programmePolicy: live.reminderPolicy,
      items: live.assignments.map((a) => ({ ...a, responsibleId: a.responsibleId ?? null, completed: a.completedAt !== null })),
      gates: view.phases
        .filter((p) => p.gate)
        .map((p) => {
          const gate = live.phases.find((l) => l.key === p.key)?.gate;
          const definition = p.gate as GateDefinition;
          const members = gate && gate.round > 0 ? gate.members : definition.memberIds?.length ? definition.memberIds : steering;
          const decided = new Set(gate?.decisions.map((d) => d.personId) ?? []);
          return {
            phaseKey: p.key,
            name: definition.name.sv,
            dueDate: definition.dueDate,
            undecided: members.filter((m) => !decided.has(m)),
            decided: gate?.status === 'approved',
          };
        }),
      after: new Date().toISOString(),
    });
  }
}
