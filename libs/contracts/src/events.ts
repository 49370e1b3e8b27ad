import type {
  AssignmentDefinition,
  AssignmentStatus,
  GateCondition,
  GateDecision,
  GateRule,
  GateSnapshotItem,
  LocalDate,
  ProgrammeDefinition,
  RoleGrant,
} from './programme';

/**
 * A programme's events (händelser): one member per type, each with its typed payload.
 * The workflow numbers them, an activity stores them, and `applyEvent` in libs/domain
 * folds them into the read model and the reports. Payload shapes are history: add fields
 * as optional, never rename or remove one, or stored events stop folding.
 */
export interface ProgrammeEventPayloads {
  programme_started: { definition: ProgrammeDefinition };
  phase_opened: { phaseKey: string };
  gate_opened: GateRoundOpened;
  gate_reopened: GateRoundOpened;
  gate_decided: {
    phaseKey: string;
    round: number;
    decision: GateDecision;
    comment: string | null;
    conditions: GateCondition[];
    previous: GateDecision | null;
  };
  gate_approved: { phaseKey: string; round: number; conditionAssignments?: string[] };
  gate_rejected: { phaseKey: string; round: number; reason: string | null };
  gate_withdrawn: { phaseKey: string; round: number; reason: string | null };
  gate_reminded: GateNoticeSent;
  gate_escalated: GateNoticeSent;
  phase_closed: { phaseKey: string };
  assignment_created: { assignment: AssignmentDefinition; fromGate?: { phaseKey: string; round: number } };
  assignment_reassigned: { assignmentId: string; from: string | null; to: string };
  status_recorded: { assignmentId: string; from: AssignmentStatus; to: AssignmentStatus; comment: string | null };
  assignment_completed: { assignmentId: string; from: AssignmentStatus; comment: string | null };
  deadline_moved: { assignmentId: string; from: LocalDate; to: LocalDate; original: LocalDate; reason: string; meetingKey?: string };
  role_granted: { grant: RoleGrant };
  /** `revoked`: the owner took it away; `no_current_assignment`: their last item went to someone else. */
  role_revoked: { grant: RoleGrant; reason: RoleRevocationReason };
  meeting_invited: { meetingKey: string; date: LocalDate; startTime: string; sequence: number };
  meeting_moved: {
    meetingKey: string;
    from: { date: LocalDate; time: string };
    to: { date: LocalDate; time: string };
    sequence: number;
    reason: string;
  };
  meeting_cancelled: { meetingKey: string; sequence: number; reason: string };
  programme_completed: Record<string, never>;
}

export type RoleRevocationReason = 'revoked' | 'no_current_assignment';

export interface GateRoundOpened {
  phaseKey: string;
  round: number;
  rule: GateRule;
  quorum: number | null;
  dueDate: LocalDate;
  members: string[];
  snapshot: GateSnapshotItem[];
  reason: string | null;
}

export interface GateNoticeSent {
  phaseKey: string;
  round: number;
  recipients: string[];
  undecided: string[];
}

export type ProgrammeEventType = keyof ProgrammeEventPayloads;

/** What every event carries besides its payload. */
export interface ProgrammeEventEnvelope {
  programmeId: string;
  /** 1, 2, 3 … per programme, in the order the workflow applied them. */
  seq: number;
  actorId: string | null;
  subjectId: string | null;
  /** Workflow time of the act (ISO instant). */
  occurredAt: string;
}

/** The discriminated union: narrowing on `type` gives the payload's type. */
export type ProgrammeEvent = {
  [T in ProgrammeEventType]: ProgrammeEventEnvelope & { type: T; data: ProgrammeEventPayloads[T] };
}[ProgrammeEventType];

export type ProgrammeEventOf<T extends ProgrammeEventType> = Extract<ProgrammeEvent, { type: T }>;

/** Every event type, for exhaustive tests and the audit vocabulary. */
export const PROGRAMME_EVENT_TYPES = [
  'programme_started',
  'phase_opened',
  'gate_opened',
  'gate_reopened',
  'gate_decided',
  'gate_approved',
  'gate_rejected',
  'gate_withdrawn',
  'gate_reminded',
  'gate_escalated',
  'phase_closed',
  'assignment_created',
  'assignment_reassigned',
  'status_recorded',
  'assignment_completed',
  'deadline_moved',
  'role_granted',
  'role_revoked',
  'meeting_invited',
  'meeting_moved',
  'meeting_cancelled',
  'programme_completed',
] as const satisfies readonly ProgrammeEventType[];

/** Fails to compile when a type is added to the payloads but not to the list. */
type _AllListed = Exclude<ProgrammeEventType, (typeof PROGRAMME_EVENT_TYPES)[number]> extends never ? true : never;
export const _allEventTypesListed: _AllListed = true;

/** For exhaustive switches: an event type that reaches here was not handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
