import { allHandlersFinished, condition, continueAsNew, patched, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { programmeQueries, programmeUpdates, ProgrammeDefinition, ProgrammeState } from '@fullfolj/contracts';
// Deep imports keep the holiday data (date-holidays) out of the workflow bundle.
import { addDays } from '@fullfolj/domain/calendar/local-date';
import { localDateTimeToInstant } from '@fullfolj/domain/calendar/stockholm-time';
import { installAssignments } from './programme-assignments';
import { createProgrammeContext, PATCH_AWAIT_GATE_CHASERS } from './programme-context';
import { initialGate, installGates } from './programme-gates';
import { installMeetings } from './programme-meetings';
import { installRoles } from './programme-roles';

export interface ProgrammeWorkflowInput {
  definition: ProgrammeDefinition;
  /** Carried over by continue-as-new: the state so far and the phase to go on with. */
  resume?: { state: ProgrammeState; phaseIndex: number };
}

/**
 * One programme from start to end: opens and closes phases on their dates (Europe/Stockholm),
 * waits at gates for the steering group, and takes people's acts as validated updates.
 * Every act becomes a numbered event that an activity stores and projects to the read model.
 */
export async function programmeWorkflow(input: ProgrammeWorkflowInput): Promise<ProgrammeState> {
  const def = input.definition;
  const state: ProgrammeState = input.resume?.state ?? initialState(def);
  let projected = input.resume !== undefined;
  const ctx = createProgrammeContext(def, state);

  // The parts register their handlers in this order (it decides which buffered update runs first).
  const meetings = installMeetings(ctx);
  setHandler(programmeQueries.state, () => state);
  setHandler(programmeUpdates.started, async () => {
    await condition(() => projected);
    return state;
  });
  installAssignments(ctx);
  installRoles(ctx);
  const gates = installGates(ctx);

  /** Before the run ends: every handler done, every event stored, every gate chaser finished. */
  async function settle(): Promise<void> {
    await condition(allHandlersFinished);
    await ctx.recorded();
    // Runs recorded before the chasers were awaited ended without waiting for them.
    if (gates.chasing() && patched(PATCH_AWAIT_GATE_CHASERS)) {
      await gates.chasersFinished();
      await condition(allHandlersFinished);
      await ctx.recorded();
    }
  }

  if (!projected) {
    await ctx.emit('programme_started', { definition: def }, def.ownerId, def.programmeId);
    projected = true;
  }

  for (let i = input.resume?.phaseIndex ?? 0; i < def.phases.length; i++) {
    const phaseDef = def.phases[i];
    const phase = state.phases[i];
    if (phase.status === 'pending') {
      await sleepUntil(localDateTimeToInstant(phaseDef.startDate, '00:00'));
      phase.status = 'open';
      phase.openedAt = new Date().toISOString();
      state.currentPhaseKey = phase.key;
      await ctx.emit('phase_opened', { phaseKey: phase.key }, null, phase.key);
      await ctx.startReminders(state.assignments.filter((a) => a.phaseKey === phase.key));
      await meetings.inviteToMeetings(phase.key);
    }
    if (phase.status === 'open' && (!phase.gate || phase.gate.status === 'pending')) {
      await sleepUntil(localDateTimeToInstant(closingDate(def, i), '00:00'));
    }
    if (phase.gate) {
      // Durable wait, for weeks if need be; nothing of the next phase starts meanwhile.
      await gates.passGate(i);
      state.status = 'running';
    }
    phase.status = 'closed';
    phase.closedAt = new Date().toISOString();
    await ctx.emit('phase_closed', { phaseKey: phase.key }, null, phase.key);

    if (workflowInfo().continueAsNewSuggested && i + 1 < def.phases.length) {
      await settle();
      await continueAsNew<typeof programmeWorkflow>({ definition: def, resume: { state, phaseIndex: i + 1 } });
    }
  }

  state.status = 'completed';
  state.currentPhaseKey = null;
  await ctx.emit('programme_completed', {}, null, def.programmeId);
  for (const item of state.assignments.filter((a) => !a.completedAt)) await ctx.tellReminders(item.id, { closed: true });
  await settle();
  return state;
}

function initialState(def: ProgrammeDefinition): ProgrammeState {
  return {
    programmeId: def.programmeId,
    status: 'running',
    currentPhaseKey: null,
    phases: def.phases.map((p) => ({
      key: p.key,
      status: 'pending',
      startDate: p.startDate,
      endDate: p.endDate,
      openedAt: null,
      closedAt: null,
      gate: p.gate ? initialGate() : null,
    })),
    assignments: def.assignments.map((a) => ({
      ...a,
      description: a.description ?? null,
      responsibleId: a.responsibleId ?? null,
      team: a.team ?? null,
      templateKey: a.templateKey ?? null,
      expectedEffect: a.expectedEffect ?? null,
      followUp: a.followUp ?? null,
      resources: a.resources ?? null,
      originalDueDate: a.dueDate,
      status: 'remaining',
      comment: null,
      completedAt: null,
    })),
    roles: def.roles.map((r) => ({ ...r, team: r.team ?? null })),
    eventSeq: 0,
    remindedItems: [],
    reminderPolicy: def.reminderPolicy ?? null,
  };
}

/**
 * A phase runs through its end date; when the next phase starts on that date (templates
 * share boundary days, e.g. the kick-off), the day belongs to the next phase.
 */
function closingDate(def: ProgrammeDefinition, index: number): string {
  const phase = def.phases[index];
  const next = def.phases[index + 1];
  return next && next.startDate <= phase.endDate ? next.startDate : addDays(phase.endDate, 1);
}

async function sleepUntil(instant: string): Promise<void> {
  const ms = Date.parse(instant) - Date.now();
  if (ms > 0) await sleep(ms);
}
