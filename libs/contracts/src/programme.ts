import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReminderPolicy } from '@fullfolj/domain/reminders/reminder-policy';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@fullfolj/domain/status/follow-up-status';
import type { Language, ProgrammeRole } from './people';

/** ISO calendar date 'YYYY-MM-DD', in Europe/Stockholm. */
export type LocalDate = string;
export type Localized = { sv: string; en: string };

/** Follow-up status vocabulary (Genomfört, Pågående, Kvarstår, Pausad, Förskjuten): one list, kept in libs/domain. */
export const ASSIGNMENT_STATUSES = FOLLOW_UP_STATUSES;
export type AssignmentStatus = FollowUpStatus;

/** What a deadline-bearing item is: an assignment (uppdrag/aktivitet), a report to the boards, or minutes. */
export type ItemKind = 'assignment' | 'report' | 'minutes';

export interface RoleGrant {
  personId: string;
  role: ProgrammeRole;
  /** Development team (utvecklingsteam) for team members. */
  team?: string | null;
}

export type GateRule = 'all' | 'majority' | 'quorum' | 'chair';

export interface GateDefinition {
  name: Localized;
  rule: GateRule;
  /** Approvals needed, with rule 'quorum'. */
  quorum?: number;
  /** Deadline for the decision; reminders before it, escalation after. */
  dueDate: LocalDate;
  /** A subset of the steering group that decides; unset = the whole steering group. */
  memberIds?: string[] | null;
}

export interface PhaseDefinition {
  key: string;
  name: Localized;
  startDate: LocalDate;
  endDate: LocalDate;
  gate: null | GateDefinition;
}

export interface MeetingDefinition {
  key: string;
  phaseKey: string;
  kind: string;
  name: Localized;
  date: LocalDate;
  participants: string[];
  /** Local start time 'HH:mm' (default 09:00) and length (default 120 minutes). */
  startTime?: string;
  durationMinutes?: number;
}

export interface MeetingState {
  key: string;
  phaseKey: string;
  date: LocalDate;
  startTime: string;
  durationMinutes: number;
  /** The invitation's iCalendar SEQUENCE: raised by every move and by a cancellation. */
  sequence: number;
  status: 'planned' | 'invited' | 'cancelled';
}

export interface AssignmentFields {
  title: string;
  description?: string | null;
  responsibleId?: string | null;
  team?: string | null;
  dueDate: LocalDate;
  expectedEffect?: string | null; // förväntad effekt
  followUp?: string | null; // hur och när det följs upp
  resources?: string | null; // resurser
}

export interface AssignmentDefinition extends AssignmentFields {
  id: string;
  phaseKey: string;
  kind: ItemKind;
  /** Key in the template, when the item came from it. */
  templateKey?: string | null;
  /** Overrides of the programme's reminder policy for this item. */
  reminderPolicy?: Partial<ReminderPolicy> | null;
}

/** Everything the workflow needs to run a programme: ids and plan, no personal data beyond ids. */
export interface ProgrammeDefinition {
  programmeId: string;
  name: string;
  template: { id: string; version: number };
  ownerId: string;
  phases: PhaseDefinition[];
  meetings: MeetingDefinition[];
  assignments: AssignmentDefinition[];
  roles: RoleGrant[];
  /** The programme's reminder policy, over the defaults (10 and 2 working days before, …). */
  reminderPolicy?: Partial<ReminderPolicy> | null;
}

export type PhaseStatus = 'pending' | 'open' | 'awaiting_gate' | 'closed';
export type ProgrammeStatus = 'running' | 'awaiting_gate' | 'completed';

export interface AssignmentState extends AssignmentDefinition {
  originalDueDate: LocalDate;
  status: AssignmentStatus;
  comment: string | null;
  completedAt: string | null;
}

/** Approve, approve with conditions, send back (a comment is required), or abstain. */
export const GATE_DECISIONS = ['approve', 'approve_with_conditions', 'send_back', 'abstain'] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];

/** A condition of an approval; it becomes an assignment in the next phase when the gate passes. */
export interface GateCondition {
  title: string;
  responsibleId: string;
  dueDate: LocalDate;
}

export interface GateDecisionRecord {
  personId: string;
  decision: GateDecision;
  comment: string | null;
  conditions: GateCondition[];
  at: string;
}

/** What the gate decides on: the phase's items as they stood when this round opened. */
export interface GateSnapshotItem {
  id: string;
  kind: ItemKind;
  title: string;
  status: AssignmentStatus;
  dueDate: LocalDate;
  responsibleId: string | null;
  completedAt: string | null;
}

export type GateStatus = 'pending' | 'open' | 'approved' | 'rejected' | 'withdrawn';

export interface GateState {
  status: GateStatus;
  /** 1 for the first opening; each re-opening (resubmission) starts a new round. */
  round: number;
  /** Who decides in this round. */
  members: string[];
  snapshot: GateSnapshotItem[];
  /** Every decision of this round, changes included, in order; the latest per person counts. */
  decisions: GateDecisionRecord[];
  openedAt: string | null;
  closedAt: string | null;
  /** Why the gate was rejected, withdrawn or re-opened. */
  reason: string | null;
}

export interface PhaseState {
  key: string;
  status: PhaseStatus;
  startDate: LocalDate;
  endDate: LocalDate;
  openedAt: string | null;
  closedAt: string | null;
  gate: null | GateState;
}

/** The live state of a programme, as the workflow holds it (returned by the state query). */
export interface ProgrammeState {
  programmeId: string;
  status: ProgrammeStatus;
  currentPhaseKey: string | null;
  phases: PhaseState[];
  assignments: AssignmentState[];
  roles: RoleGrant[];
  /** Number of events applied; the read model's `event_seq` equals it once projected. */
  eventSeq: number;
  /** Items whose reminder workflow has been started (when their phase opened). */
  remindedItems: string[];
  /** The programme's reminder policy overrides, as started. */
  reminderPolicy?: Partial<ReminderPolicy> | null;
  /** Meetings and their invitations (absent in programmes started before invitations existed). */
  meetings?: MeetingState[];
}

// ---- Updates: validated in the workflow before they enter history -------------------

export interface Actor {
  actorId: string;
}

export type CreateAssignmentInput = Actor & AssignmentFields & { id: string; phaseKey: string; reminderPolicy?: Partial<ReminderPolicy> | null };
export type ReassignInput = Actor & { assignmentId: string; responsibleId: string };
export type RecordStatusInput = Actor & { assignmentId: string; status: AssignmentStatus; comment?: string | null };
export type CompleteInput = Actor & { assignmentId: string; comment?: string | null };
export type MoveDeadlineInput = Actor & { assignmentId: string; dueDate: LocalDate; reason: string };
export type GrantRoleInput = Actor & RoleGrant;
export type RevokeRoleInput = Actor & { personId: string; role: ProgrammeRole };
export type GateDecisionInput = Actor & {
  phaseKey: string;
  decision: GateDecision;
  comment?: string | null;
  conditions?: GateCondition[];
};
export type GateOwnerActInput = Actor & { phaseKey: string; reason: string };
/**
 * `minutesDueDate`: the meeting's minutes (if still open) get this deadline, which the caller
 * computes with the working-day calendar (the workflow has none). Absent leaves them.
 */
export type MoveMeetingInput = Actor & { meetingKey: string; date: LocalDate; startTime?: string | null; reason: string; minutesDueDate?: LocalDate | null };
export type CancelMeetingInput = Actor & { meetingKey: string; reason: string };

export const programmeUpdates = {
  createAssignment: defineUpdate<AssignmentState, [CreateAssignmentInput]>('createAssignment'),
  reassign: defineUpdate<AssignmentState, [ReassignInput]>('reassign'),
  recordStatus: defineUpdate<AssignmentState, [RecordStatusInput]>('recordStatus'),
  complete: defineUpdate<AssignmentState, [CompleteInput]>('complete'),
  moveDeadline: defineUpdate<AssignmentState, [MoveDeadlineInput]>('moveDeadline'),
  grantRole: defineUpdate<RoleGrant[], [GrantRoleInput]>('grantRole'),
  /** The owner takes a role away (återkallar); the programme keeps at least one owner. */
  revokeRole: defineUpdate<RoleGrant[], [RevokeRoleInput]>('revokeRole'),
  decideGate: defineUpdate<PhaseState, [GateDecisionInput]>('decideGate'),
  /** The owner withdraws an open gate (the phase goes on) … */
  withdrawGate: defineUpdate<PhaseState, [GateOwnerActInput]>('withdrawGate'),
  /** … or re-opens a rejected or withdrawn one: a new round on a fresh snapshot (resubmission). */
  reopenGate: defineUpdate<PhaseState, [GateOwnerActInput]>('reopenGate'),
  /** Moving a meeting sends an update of the invitation (same UID, higher SEQUENCE) … */
  moveMeeting: defineUpdate<MeetingState, [MoveMeetingInput]>('moveMeeting'),
  /** … and cancelling sends METHOD:CANCEL. */
  cancelMeeting: defineUpdate<MeetingState, [CancelMeetingInput]>('cancelMeeting'),
  /** Returns once the programme's initial read model is written (used right after start). */
  started: defineUpdate<ProgrammeState, []>('started'),
};

/** A deadline-bearing item's reminder schedule, one workflow each (`item-<id>`). */
export interface ItemRemindersInput {
  programmeId: string;
  itemId: string;
  dueDate: LocalDate;
  responsibleId: string | null;
  policy: ReminderPolicy;
}

export interface ItemChange {
  dueDate?: LocalDate;
  responsibleId?: string | null;
  /** Completed, or the programme ended: no more reminders. */
  closed?: boolean;
  actorId?: string | null;
}

export const itemSignals = {
  changed: defineSignal<[ItemChange]>('itemChanged'),
};

/**
 * Where an indicator's reminder workflow stands: every reminder planned at or before `at` is
 * past, except those at exactly `at` not yet in `sent` (reminders of several periods, or a
 * reminder and an escalation, may fall on the same morning). `sent` holds their
 * indicatorReminderId (`<period>:<deadline>:<key>`); no personal data.
 */
export interface IndicatorReminderCursor {
  at: string;
  sent: string[];
}

/** A value reminder's name within its indicator (the key alone repeats across periods and deadlines). */
export const indicatorReminderId = (r: { period: string; deadline: string; key: string }): string => `${r.period}:${r.deadline}:${r.key}`;

/** A follow-up indicator's value reminders, one workflow each (`indicator-<id>`); it reads everything else from the database. */
export interface IndicatorRemindersInput {
  indicatorId: string;
  /** Carried over continue-as-new; a new workflow starts from its own start time. */
  cursor?: IndicatorReminderCursor;
}

export const indicatorSignals = {
  /** The indicator, its values or its plan changed: re-plan from the database. */
  changed: defineSignal<[]>('indicatorChanged'),
};

export const programmeQueries = {
  state: defineQuery<ProgrammeState>('state'),
};

/** Error type names the workflow uses when it rejects an update; the API maps them to HTTP. */
export const REJECTION = {
  invalid: 'InvalidRequest', // 400
  forbidden: 'Forbidden', // 403
  conflict: 'Conflict', // 409
  notFound: 'NotFound', // 404
} as const;

export type { Language };
