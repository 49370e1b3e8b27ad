import type { ProgrammeEvent } from '@fullfolj/contracts';
import type { ProgrammeProjectionRepository } from '@fullfolj/database';

export type { ProgrammeEvent, ProgrammeEventType } from '@fullfolj/contracts';

export interface ProgrammeActivityDeps {
  projection: Pick<ProgrammeProjectionRepository, 'record'>;
}

/**
 * The programme workflow's only way to change the read model: each event is stored and
 * projected (through the domain's applyEvent) by the projection repository in one transaction.
 */
export function createProgrammeActivities({ projection }: ProgrammeActivityDeps) {
  return {
    /** false when the event was stored already (a retried activity). */
    recordProgrammeEvent(event: ProgrammeEvent): Promise<boolean> {
      return projection.record(event);
    },
  };
}

export type ProgrammeActivities = ReturnType<typeof createProgrammeActivities>;
