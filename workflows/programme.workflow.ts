import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import {
  AssignmentState,
  PhaseState,
  programmeQueries,
  programmeUpdates,
  ProgrammeDefinition,
  ProgrammeState,
  REJECTION,
  RoleGrant,
  ASSIGNMENT_STATUSES,
  ItemChange,
  type ProgrammeEvent,
  type ProgrammeEventPayloads,
  type ProgrammeEventType,
  itemSignals,
  workflowIds,
} from '@fullfolj/contracts';
// Deep imports keep the holiday data (date-holidays) out of the workflow bundle.
import { addDays, isLocalDate } from '@fullfolj/domain/calendar/local-date';
import { localDateTimeToInstant } from '@fullfolj/domain/calendar/stockholm-time';
import { DEFAULT_REMINDER_POLICY, withPolicy } from '@fullfolj/domain/reminders/reminder-policy';
import { itemRemindersWorkflow } from './item-reminders.workflow';
import { initialGate, installGates } from './programme-gates';

// No attempt limit: while PostgreSQL is down the projection waits and retries; no act is lost.
const { recordProgrammeEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Mail waits in the outbox and is retried while SMTP is down.
const { sendMeetingInvitations } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** patched() ids: each marks a change that running programmes replay differently. */
const PATCH_ITEM_REMINDERS = 'item-reminders';
const PATCH_MEETING_INVITATIONS = 'meeting-invitations';
const PATCH_MINUTES_FOLLOW_MEETING = 'minutes-follow-meeting';
const DEFAULT_MEETING_TIME = '09:00';
const DEFAULT_MEETING_MINUTES = 120;

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

  // Events are stored strictly in order, one after the other.
  let chain: Promise<unknown> = Promise.resolve();
  function emit<T extends ProgrammeEventType>(type: T, data: ProgrammeEventPayloads[T], actorId: string | null, subjectId: string | null) {
    state.eventSeq += 1;
    // TypeScript cannot correlate T with the union member; the signature above already checks it.
    const event = { programmeId: def.programmeId, seq: state.eventSeq, type, data, actorId, subjectId, occurredAt: new Date().toISOString() } as ProgrammeEvent;
    const recorded = chain.then(() => recordProgrammeEvent(event));
    chain = recorded.catch(() => undefined);
    return recorded;
  }

  const assignment = (id: string): AssignmentState => {
    const found = state.assignments.find((a) => a.id === id);
    if (!found) throw reject('notFound', `assignment ${id} is not part of this programme`);
    return found;
  };
  const open = (id: string): AssignmentState => {
    const a = assignment(id);
    if (a.completedAt) throw reject('conflict', `assignment ${id} is already completed`);
    return a;
  };
  const hasRole = (personId: string, ...roles: RoleGrant['role'][]) =>
    state.roles.some((r) => r.personId === personId && roles.includes(r.role));
  const requireProgrammeOpen = () => {
    if (state.status === 'completed') throw reject('conflict', 'the programme is completed');
  };
  const requirePhase = (key: string): PhaseState => {
    const phase = state.phases.find((p) => p.key === key);
    if (!phase) throw reject('invalid', `phaseKey: no phase "${key}" in this programme`);
    return phase;
  };
  // The API checks roles against the read model; the workflow checks again against its live
  // state, so an act that races a reassignment or a role change is still judged correctly.
  const requirePlanner = (actorId: string) => {
    if (!hasRole(actorId, 'owner', 'steering_chair', 'steering_member')) throw reject('forbidden', 'requires the role programme owner or steering group');
  };
  const requireResponsibleOrOwner = (actorId: string, assignmentId: string) => {
    if (assignment(assignmentId).responsibleId !== actorId && !hasRole(actorId, 'owner')) {
      throw reject('forbidden', 'requires being responsible for this assignment or the role programme owner');
    }
  };
  const requireDate = (field: string, value: unknown) => {
    if (!isLocalDate(value)) throw reject('invalid', `${field}: must be a date YYYY-MM-DD`);
  };

  async function grantIfMissing(grant: RoleGrant, actorId: string) {
    if (hasRole(grant.personId, grant.role)) return;
    const normalised = { personId: grant.personId, role: grant.role, team: grant.team ?? null };
    state.roles.push(normalised);
    await emit('role_granted', { grant: normalised }, actorId, grant.personId);
  }

  /** Each open item's reminders run in a child workflow of their own, from the day its phase opens. */
  async function startReminders(items: AssignmentState[]) {
    // Programmes recorded before item reminders existed replay without them.
    if (!patched(PATCH_ITEM_REMINDERS)) return;
    for (const item of items) {
      if (item.completedAt || state.remindedItems.includes(item.id)) continue;
      state.remindedItems.push(item.id);
      await startChild(itemRemindersWorkflow, {
        workflowId: workflowIds.itemReminders(item.id),
        // Children outlive a continue-as-new of the programme; they end when their item does.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            programmeId: def.programmeId,
            itemId: item.id,
            dueDate: item.dueDate,
            responsibleId: item.responsibleId ?? null,
            policy: withPolicy(withPolicy(DEFAULT_REMINDER_POLICY, def.reminderPolicy), item.reminderPolicy),
          },
        ],
      });
    }
  }

  async function tellReminders(itemId: string, change: ItemChange) {
    if (!state.remindedItems.includes(itemId)) return; // its phase has not opened yet (or no reminders in this version)
    await getExternalWorkflowHandle(workflowIds.itemReminders(itemId))
      .signal(itemSignals.changed, change)
      .catch(() => undefined); // it has already ended
  }

  const phaseIsOpen = (phaseKey: string) => ['open', 'awaiting_gate'].includes(state.phases.find((p) => p.key === phaseKey)?.status ?? '');

  state.meetings ??= def.meetings.map((m) => ({
    key: m.key,
    phaseKey: m.phaseKey,
    date: m.date,
    startTime: m.startTime ?? DEFAULT_MEETING_TIME,
    durationMinutes: m.durationMinutes ?? DEFAULT_MEETING_MINUTES,
    sequence: 0,
    status: 'planned' as const,
  }));
  const meetings = state.meetings;
  const meeting = (key: string) => {
    const found = meetings.find((m) => m.key === key);
    if (!found) throw reject('notFound', `meeting ${key} is not part of this programme`);
    return found;
  };
  const minutesOf = (meetingKey: string) => state.assignments.find((a) => a.kind === 'minutes' && a.templateKey === `${meetingKey}/minutes`);
  const invite = (m: NonNullable<ProgrammeState['meetings']>[number], previous: { date: string; time: string } | null = null, reason: string | null = null) =>
    sendMeetingInvitations({
      programmeId: def.programmeId,
      meetingKey: m.key,
      date: m.date,
      startTime: m.startTime,
      durationMinutes: m.durationMinutes,
      sequence: m.sequence,
      method: m.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
      previous,
      reason,
    });

  /** When a phase opens, its meetings' participants get invitations (with an iCalendar part). */
  async function inviteToMeetings(phaseKey: string) {
    if (!patched(PATCH_MEETING_INVITATIONS)) return;
    for (const m of meetings.filter((x) => x.phaseKey === phaseKey && x.status === 'planned')) {
      m.status = 'invited';
      await emit('meeting_invited', { meetingKey: m.key, date: m.date, startTime: m.startTime, sequence: m.sequence }, null, m.key);
      await invite(m);
    }
  }

  setHandler(
    programmeUpdates.moveMeeting,
    async ({ actorId, meetingKey, date, startTime, reason, minutesDueDate }) => {
      const m = meeting(meetingKey);
      const previous = { date: m.date, time: m.startTime };
      m.date = date;
      m.startTime = startTime ?? m.startTime;
      m.sequence += 1;
      await emit('meeting_moved', { meetingKey, from: previous, to: { date: m.date, time: m.startTime }, sequence: m.sequence, reason: reason.trim() }, actorId, meetingKey);
      if (m.status === 'invited') await invite(m, previous);
      // The minutes' deadline follows the meeting (programmes moved before this replay without it).
      if (minutesDueDate && patched(PATCH_MINUTES_FOLLOW_MEETING)) {
        const minutes = minutesOf(meetingKey);
        if (minutes && !minutes.completedAt && minutes.dueDate !== minutesDueDate) {
          const from = minutes.dueDate;
          minutes.dueDate = minutesDueDate;
          await emit(
            'deadline_moved',
            { assignmentId: minutes.id, from, to: minutesDueDate, original: minutes.originalDueDate, reason: reason.trim(), meetingKey },
            actorId,
            minutes.id,
          );
          await tellReminders(minutes.id, { dueDate: minutesDueDate, actorId });
        }
      }
      return m;
    },
    {
      validator: ({ meetingKey, date, startTime, reason, minutesDueDate }) => {
        requireProgrammeOpen();
        const m = meeting(meetingKey);
        if (m.status === 'cancelled') throw reject('conflict', `meeting ${meetingKey} is cancelled`);
        requireDate('date', date);
        if (minutesDueDate != null) requireDate('minutesDueDate', minutesDueDate);
        if (startTime != null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime)) throw reject('invalid', 'startTime: must be a time HH:mm');
        if (!reason?.trim()) throw reject('invalid', 'reason: moving a meeting needs a reason');
        if (m.date === date && (startTime == null || startTime === m.startTime)) throw reject('conflict', 'date: the meeting is already then');
      },
    },
  );

  setHandler(
    programmeUpdates.cancelMeeting,
    async ({ actorId, meetingKey, reason }) => {
      const m = meeting(meetingKey);
      const wasInvited = m.status === 'invited';
      m.status = 'cancelled';
      m.sequence += 1;
      await emit('meeting_cancelled', { meetingKey, sequence: m.sequence, reason: reason.trim() }, actorId, meetingKey);
      if (wasInvited) await invite(m, null, reason.trim());
      return m;
    },
    {
      validator: ({ meetingKey, reason }) => {
        requireProgrammeOpen();
        if (meeting(meetingKey).status === 'cancelled') throw reject('conflict', `meeting ${meetingKey} is already cancelled`);
        if (!reason?.trim()) throw reject('invalid', 'reason: cancelling a meeting needs a reason');
      },
    },
  );

  setHandler(programmeQueries.state, () => state);

  setHandler(programmeUpdates.started, async () => {
    await condition(() => projected);
    return state;
  });

  setHandler(
    programmeUpdates.createAssignment,
    async (input) => {
      const created: AssignmentState = {
        id: input.id,
        phaseKey: input.phaseKey,
        kind: 'assignment',
        templateKey: null,
        title: input.title,
        description: input.description ?? null,
        responsibleId: input.responsibleId ?? null,
        team: input.team ?? null,
        dueDate: input.dueDate,
        originalDueDate: input.dueDate,
        expectedEffect: input.expectedEffect ?? null,
        followUp: input.followUp ?? null,
        resources: input.resources ?? null,
        reminderPolicy: input.reminderPolicy ?? null,
        status: 'remaining',
        comment: null,
        completedAt: null,
      };
      state.assignments.push(created);
      const { originalDueDate: _o, status: _s, comment: _c, completedAt: _d, ...definition } = created;
      await emit('assignment_created', { assignment: definition }, input.actorId, created.id);
      if (created.responsibleId) await grantIfMissing({ personId: created.responsibleId, role: 'responsible' }, input.actorId);
      if (phaseIsOpen(created.phaseKey)) await startReminders([created]);
      return created;
    },
    {
      validator: (input) => {
        requireProgrammeOpen();
        requirePlanner(input.actorId);
        if (state.assignments.some((a) => a.id === input.id)) throw reject('conflict', `assignment ${input.id} already exists`);
        if (!input.title?.trim()) throw reject('invalid', 'title: must not be empty');
        requirePhase(input.phaseKey);
        requireDate('dueDate', input.dueDate);
      },
    },
  );

  setHandler(
    programmeUpdates.reassign,
    async ({ actorId, assignmentId, responsibleId }) => {
      const a = assignment(assignmentId);
      const from = a.responsibleId ?? null;
      a.responsibleId = responsibleId;
      await emit('assignment_reassigned', { assignmentId, from, to: responsibleId }, actorId, assignmentId);
      await grantIfMissing({ personId: responsibleId, role: 'responsible' }, actorId);
      await tellReminders(assignmentId, { responsibleId, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId, responsibleId }) => {
        requireProgrammeOpen();
        requirePlanner(actorId);
        const a = open(assignmentId);
        if (a.responsibleId === responsibleId) throw reject('conflict', 'responsibleId: that person is already responsible');
      },
    },
  );

  setHandler(
    programmeUpdates.recordStatus,
    async ({ actorId, assignmentId, status, comment: given }) => {
      const a = assignment(assignmentId);
      const from = a.status;
      const comment = textOrNull(given);
      a.status = status;
      if (comment !== null) a.comment = comment;
      if (status === 'done') {
        a.completedAt = new Date().toISOString();
        await emit('assignment_completed', { assignmentId, from, comment: comment ?? null }, actorId, assignmentId);
        await tellReminders(assignmentId, { closed: true, actorId });
      } else {
        await emit('status_recorded', { assignmentId, from, to: status, comment: comment ?? null }, actorId, assignmentId);
      }
      return a;
    },
    {
      validator: ({ actorId, assignmentId, status }) => {
        requireProgrammeOpen();
        requireResponsibleOrOwner(actorId, assignmentId);
        if (!(ASSIGNMENT_STATUSES as readonly string[]).includes(status)) {
          throw reject('invalid', `status: must be one of ${ASSIGNMENT_STATUSES.join(', ')}`);
        }
        open(assignmentId);
      },
    },
  );

  setHandler(
    programmeUpdates.complete,
    async ({ actorId, assignmentId, comment: given }) => {
      const a = assignment(assignmentId);
      const from = a.status;
      const comment = textOrNull(given);
      a.status = 'done';
      a.completedAt = new Date().toISOString();
      if (comment !== null) a.comment = comment;
      await emit('assignment_completed', { assignmentId, from, comment: comment ?? null }, actorId, assignmentId);
      await tellReminders(assignmentId, { closed: true, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId }) => {
        requireProgrammeOpen();
        requireResponsibleOrOwner(actorId, assignmentId);
        open(assignmentId);
      },
    },
  );

  setHandler(
    programmeUpdates.moveDeadline,
    async ({ actorId, assignmentId, dueDate, reason }) => {
      const a = assignment(assignmentId);
      const from = a.dueDate;
      a.dueDate = dueDate;
      // The original date stays; the event keeps every move, so reports show the slippage.
      await emit('deadline_moved', { assignmentId, from, to: dueDate, original: a.originalDueDate, reason }, actorId, assignmentId);
      await tellReminders(assignmentId, { dueDate, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId, dueDate, reason }) => {
        requireProgrammeOpen();
        requirePlanner(actorId);
        requireDate('dueDate', dueDate);
        if (!reason?.trim()) throw reject('invalid', 'reason: a moved deadline needs a reason');
        const a = open(assignmentId);
        if (a.dueDate === dueDate) throw reject('conflict', `dueDate: the deadline is already ${dueDate}`);
      },
    },
  );

  setHandler(
    programmeUpdates.grantRole,
    async ({ actorId, ...grant }) => {
      await grantIfMissing({ personId: grant.personId, role: grant.role, team: grant.team ?? null }, actorId);
      return state.roles;
    },
    {
      validator: ({ actorId, personId, role }) => {
        requireProgrammeOpen();
        if (!hasRole(actorId, 'owner')) throw reject('forbidden', 'only the programme owner gives roles');
        if (hasRole(personId, role)) throw reject('conflict', `that person already has the role ${role}`);
      },
    },
  );

  const gates = installGates({ def, state, emit, grantIfMissing, requireProgrammeOpen });

  if (!projected) {
    await emit('programme_started', { definition: def }, def.ownerId, def.programmeId);
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
      await emit('phase_opened', { phaseKey: phase.key }, null, phase.key);
      await startReminders(state.assignments.filter((a) => a.phaseKey === phase.key));
      await inviteToMeetings(phase.key);
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
    await emit('phase_closed', { phaseKey: phase.key }, null, phase.key);

    if (workflowInfo().continueAsNewSuggested && i + 1 < def.phases.length) {
      await condition(allHandlersFinished);
      await chain;
      await continueAsNew<typeof programmeWorkflow>({ definition: def, resume: { state, phaseIndex: i + 1 } });
    }
  }

  state.status = 'completed';
  state.currentPhaseKey = null;
  await emit('programme_completed', {}, null, def.programmeId);
  for (const item of state.assignments.filter((a) => !a.completedAt)) await tellReminders(item.id, { closed: true });
  await condition(allHandlersFinished);
  await chain;
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

/** A blank comment is no comment, in the workflow's state and in the event alike. */
function textOrNull(text: string | null | undefined): string | null {
  return text?.trim() ? text : null;
}

function reject(kind: keyof typeof REJECTION, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: REJECTION[kind], message, nonRetryable: true });
}
