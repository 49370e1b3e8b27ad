import { ApplicationFailure, getExternalWorkflowHandle, ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import {
  AssignmentState,
  ItemChange,
  itemSignals,
  PhaseState,
  ProgrammeDefinition,
  ProgrammeState,
  REJECTION,
  RoleGrant,
  workflowIds,
  type RoleRevocationReason,
  type ProgrammeEvent,
  type ProgrammeEventPayloads,
  type ProgrammeEventType,
} from '@fullfolj/contracts';
// Deep imports keep the holiday data (date-holidays) out of the workflow bundle.
import { isLocalDate } from '@fullfolj/domain/calendar/local-date';
import { PLANNER_ROLES } from '@fullfolj/domain/gates/steering-group';
import { DEFAULT_REMINDER_POLICY, withPolicy } from '@fullfolj/domain/reminders/reminder-policy';
import { itemRemindersWorkflow } from './item-reminders.workflow';

// No attempt limit: while PostgreSQL is down the projection waits and retries; no act is lost.
const { recordProgrammeEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** patched() ids: each marks a change that running programmes replay differently. */
export const PATCH_ITEM_REMINDERS = 'item-reminders';
export const PATCH_MEETING_INVITATIONS = 'meeting-invitations';
export const PATCH_MINUTES_FOLLOW_MEETING = 'minutes-follow-meeting';
/** Gate chasers still running when the programme ends (or continues as new) are awaited first. */
export const PATCH_AWAIT_GATE_CHASERS = 'await-gate-chasers';
/** Reassigning a person's last item takes their responsible role away. */
export const PATCH_RESPONSIBLE_FOLLOWS_ASSIGNMENTS = 'responsible-follows-assignments';

/** Stores one numbered event of the programme; events are stored strictly in order. */
export type Emit = <T extends ProgrammeEventType>(type: T, data: ProgrammeEventPayloads[T], actorId: string | null, subjectId: string | null) => Promise<boolean>;

/** Stable, machine-readable reasons a workflow rejects an act; the API passes them on. */
export type RejectionCode =
  | 'not_found'
  | 'programme_completed'
  | 'already_completed'
  | 'already_exists'
  | 'already_responsible'
  | 'already_due'
  | 'already_has_role'
  | 'role_not_held'
  | 'last_owner'
  | 'still_responsible'
  | 'open_gate_member'
  | 'already_scheduled'
  | 'already_cancelled'
  | 'meeting_cancelled'
  | 'unknown_phase'
  | 'unknown_status'
  | 'unknown_decision'
  | 'no_gate'
  | 'no_next_phase'
  | 'must_be_date'
  | 'must_be_time'
  | 'must_not_be_empty'
  | 'required'
  | 'reason_required'
  | 'comment_required'
  | 'conditions_required'
  | 'conditions_not_allowed'
  | 'requires_planner'
  | 'requires_responsible_or_owner'
  | 'requires_owner'
  | 'not_gate_member'
  | 'gate_not_open'
  | 'gate_closed'
  | 'gate_not_reopenable';

/**
 * What a rejection carries in its ApplicationFailure `details`: the input field at fault
 * (dotted or indexed path, null when the act as a whole is refused) and a stable code.
 */
export interface RejectionDetail {
  field: string | null;
  code: RejectionCode;
}

/** A rejected update: the human message stays free of the field; `details` carries field and code. */
export function reject(kind: keyof typeof REJECTION, { field = null, code, message }: { field?: string | null; code: RejectionCode; message: string }): ApplicationFailure {
  const detail: RejectionDetail = { field, code };
  return ApplicationFailure.create({ type: REJECTION[kind], message, details: [detail], nonRetryable: true });
}

/** What the parts of the programme workflow (assignments, meetings, roles, gates) share. */
export interface ProgrammeContext {
  def: ProgrammeDefinition;
  state: ProgrammeState;
  emit: Emit;
  /** The promise of the last event stored so far; awaited before the workflow ends. */
  recorded(): Promise<unknown>;
  hasRole(personId: string, ...roles: readonly RoleGrant['role'][]): boolean;
  grantIfMissing(grant: RoleGrant, actorId: string): Promise<void>;
  /** Takes the role away and records why; nothing when the person does not hold it. */
  revoke(personId: string, role: RoleGrant['role'], actorId: string, reason: RoleRevocationReason): Promise<void>;
  /** The responsible role lasts only while the person holds an item of the programme. */
  dropIdleResponsible(personId: string, actorId: string): Promise<void>;
  assignment(id: string): AssignmentState;
  /** The assignment, provided it is not completed yet. */
  openAssignment(id: string): AssignmentState;
  phaseIsOpen(phaseKey: string): boolean;
  requireProgrammeOpen(): void;
  requirePhase(key: string): PhaseState;
  requirePlanner(actorId: string): void;
  requireResponsibleOrOwner(actorId: string, assignmentId: string): void;
  requireDate(field: string, value: unknown): void;
  startReminders(items: AssignmentState[]): Promise<void>;
  tellReminders(itemId: string, change: ItemChange): Promise<void>;
}

export function createProgrammeContext(def: ProgrammeDefinition, state: ProgrammeState): ProgrammeContext {
  // Events are stored strictly in order, one after the other.
  let chain: Promise<unknown> = Promise.resolve();
  const emit: Emit = (type, data, actorId, subjectId) => {
    state.eventSeq += 1;
    // TypeScript cannot correlate T with the union member; Emit's signature already checks it.
    const event = { programmeId: def.programmeId, seq: state.eventSeq, type, data, actorId, subjectId, occurredAt: new Date().toISOString() } as ProgrammeEvent;
    const recorded = chain.then(() => recordProgrammeEvent(event));
    chain = recorded.catch(() => undefined);
    return recorded;
  };

  const hasRole = (personId: string, ...roles: readonly RoleGrant['role'][]) => state.roles.some((r) => r.personId === personId && roles.includes(r.role));

  const assignment = (id: string): AssignmentState => {
    const found = state.assignments.find((a) => a.id === id);
    if (!found) throw reject('notFound', { code: 'not_found', message: `assignment ${id} is not part of this programme` });
    return found;
  };

  async function grantIfMissing(grant: RoleGrant, actorId: string) {
    if (hasRole(grant.personId, grant.role)) return;
    const normalised = { personId: grant.personId, role: grant.role, team: grant.team ?? null };
    state.roles.push(normalised);
    await emit('role_granted', { grant: normalised }, actorId, grant.personId);
  }

  async function revoke(personId: string, role: RoleGrant['role'], actorId: string, reason: RoleRevocationReason) {
    const index = state.roles.findIndex((r) => r.personId === personId && r.role === role);
    if (index < 0) return;
    const [grant] = state.roles.splice(index, 1);
    await emit('role_revoked', { grant: { personId, role, team: grant.team ?? null }, reason }, actorId, personId);
  }

  async function dropIdleResponsible(personId: string, actorId: string) {
    // Completed items still count: the person stays answerable for what they reported.
    if (state.assignments.some((a) => a.responsibleId === personId)) return;
    await revoke(personId, 'responsible', actorId, 'no_current_assignment');
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

  return {
    def,
    state,
    emit,
    recorded: () => chain,
    hasRole,
    grantIfMissing,
    revoke,
    dropIdleResponsible,
    assignment,
    openAssignment(id) {
      const a = assignment(id);
      if (a.completedAt) throw reject('conflict', { code: 'already_completed', message: `assignment ${id} is already completed` });
      return a;
    },
    phaseIsOpen: (phaseKey) => ['open', 'awaiting_gate'].includes(state.phases.find((p) => p.key === phaseKey)?.status ?? ''),
    requireProgrammeOpen() {
      if (state.status === 'completed') throw reject('conflict', { code: 'programme_completed', message: 'the programme is completed' });
    },
    requirePhase(key) {
      const phase = state.phases.find((p) => p.key === key);
      if (!phase) throw reject('invalid', { field: 'phaseKey', code: 'unknown_phase', message: `no phase "${key}" in this programme` });
      return phase;
    },
    // The API checks roles against the read model; the workflow checks again against its live
    // state, so an act that races a reassignment or a role change is still judged correctly.
    requirePlanner(actorId) {
      if (!hasRole(actorId, ...PLANNER_ROLES)) throw reject('forbidden', { code: 'requires_planner', message: 'requires the role programme owner or steering group' });
    },
    requireResponsibleOrOwner(actorId, assignmentId) {
      if (assignment(assignmentId).responsibleId !== actorId && !hasRole(actorId, 'owner')) {
        throw reject('forbidden', { code: 'requires_responsible_or_owner', message: 'requires being responsible for this assignment or the role programme owner' });
      }
    },
    requireDate(field, value) {
      if (!isLocalDate(value)) throw reject('invalid', { field, code: 'must_be_date', message: 'must be a date YYYY-MM-DD' });
    },
    startReminders,
    tellReminders,
  };
}

/** A blank comment is no comment, in the workflow's state and in the event alike. */
export function textOrNull(text: string | null | undefined): string | null {
  return text?.trim() ? text : null;
}
