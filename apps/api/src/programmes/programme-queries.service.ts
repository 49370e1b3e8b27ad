import { Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { programmeQueries, ProgrammeState, workflowIds } from '@fullfolj/contracts';
import { ProgrammeReadModel, ProgrammeReadRepository } from '@fullfolj/database';

export interface ProgrammeView extends ProgrammeReadModel {
  /** The workflow's own live state (a Temporal query); null when Temporal cannot be asked right now. */
  live: ProgrammeState | null;
}

@Injectable()
export class ProgrammeQueries {
  constructor(
    private readonly programmes: ProgrammeReadRepository,
    private readonly temporal: Client,
  ) {}

  findExisting(programmeId: string): Promise<ProgrammeReadModel | null> {
    return this.programmes.find(programmeId);
  }

  async view(programmeId: string): Promise<ProgrammeView> {
    const model = await this.programmes.find(programmeId);
    if (!model) throw new NotFoundException(`programme ${programmeId} does not exist`);
    const live = await this.temporal.workflow
      .getHandle(workflowIds.programme(programmeId))
      .query(programmeQueries.state)
      .catch(() => null);
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
}
