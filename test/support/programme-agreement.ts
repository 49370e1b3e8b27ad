import type { WorkflowHandle } from '@temporalio/client';
import { programmeQueries, ProgrammeState } from '@fullfolj/contracts';
import { ProgrammeReadModel, ProgrammeReadRepository } from '@fullfolj/database';
import { DataSource } from 'typeorm';
import { eventually } from './eventually';

/**
 * Waits until the read model has projected every event the workflow has emitted, then
 * returns both views so a test can assert that they agree field by field.
 */
export async function agreedState(handle: WorkflowHandle, dataSource: DataSource): Promise<{ live: ProgrammeState; db: ProgrammeReadModel }> {
  const repo = new ProgrammeReadRepository(dataSource);
  return eventually(async () => {
    const live = await handle.query(programmeQueries.state);
    const db = await repo.find(live.programmeId);
    if (!db || db.programme.eventSeq !== live.eventSeq) {
      throw new Error(`read model at event ${db?.programme.eventSeq ?? 'none'}, workflow at ${live.eventSeq}`);
    }
    expectAgreement(live, db);
    return { live, db };
  }, 20_000);
}

export function expectAgreement(live: ProgrammeState, db: ProgrammeReadModel): void {
  expect(db.programme.status).toBe(live.status);
  expect(db.programme.currentPhaseKey).toBe(live.currentPhaseKey);
  expect(db.phases.map((p) => [p.key, p.status, p.gateStatus])).toEqual(live.phases.map((p) => [p.key, p.status, p.gate?.status ?? null]));
  // The facts both sides must share about each assignment, in one order.
  const facts = (assignments: Array<{ id: string; status: string; dueDate: string; originalDueDate: string; responsibleId?: string | null; completedAt: string | null; comment: string | null }>) =>
    [...assignments]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((a) => ({
        id: a.id,
        status: a.status,
        dueDate: a.dueDate,
        originalDueDate: a.originalDueDate,
        responsibleId: a.responsibleId ?? null,
        done: a.completedAt !== null,
        comment: a.comment,
      }));
  expect(facts(db.assignments)).toEqual(facts(live.assignments));
  const roleKey = (r: { personId: string; role: string }) => `${r.role}:${r.personId}`;
  expect(db.roles.map(roleKey).sort()).toEqual(live.roles.map(roleKey).sort());
}
