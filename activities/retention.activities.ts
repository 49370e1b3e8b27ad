import type { RetentionApplied, RetentionRepository } from '@fullfolj/database';

export interface RetentionActivityDeps {
  retention: Pick<RetentionRepository, 'due' | 'apply'>;
}

export interface ApplyRetentionInput {
  /** The instant retention is judged at (ISO); the workflow's time. */
  asOf: string;
  /** Only these programmes (an operator's run for one programme); all when left out. */
  programmeIds?: string[];
}

/** Programmes handled per database round trip; the activity loops until none is due. */
const BATCH = 50;

/** Retention (gallring) of completed programmes whose period has ended; see RetentionRepository. */
export function createRetentionActivities({ retention }: RetentionActivityDeps) {
  return {
    /** Applies retention to every programme due at `asOf`; a retry or a second run finds nothing left to do. */
    async applyRetention(input: ApplyRetentionInput): Promise<{ applied: RetentionApplied[] }> {
      const asOf = new Date(input.asOf);
      const applied: RetentionApplied[] = [];
      const skipped = new Set<string>();
      for (;;) {
        const due = (await retention.due(asOf, BATCH + skipped.size, input.programmeIds)).filter((id) => !skipped.has(id));
        if (due.length === 0) return { applied };
        for (const id of due) {
          const done = await retention.apply(id, asOf);
          // null: done meanwhile by another run; never looked at again in this one.
          if (done) applied.push(done);
          else skipped.add(id);
        }
      }
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
