/**
 * The one fold of a programme's events (händelser): `applyEvent(view, event)` gives the
 * programme as it stands after the event. The read model (the projection in libs/database)
 * and the lägesrapport/slutrapport are both written from this view, so they cannot disagree.
 * Pure and deterministic: the view depends on the events alone, never on a clock or IO.
 * Only type imports from contracts (and `assertNever`), so the exhaustiveness spec can
 * compile this file against a changed copy of the event union.
 */
import {
  assertNever,
  type AssignmentDefinition,
  type AssignmentStatus,
  type GateCondition,
  type GateDecision,
  type GateDefinition,
  type GateRule,
  type GateSnapshotItem,
  type GateStatus,
  type ItemKind,
  type LocalDate,
  type Localized,
  type PhaseStatus,
  type ProgrammeDefinition,
  type ProgrammeEventOf,
  type ProgrammeEventType,
  type ProgrammeStatus,
  type RoleGrant,
} from '@fullfolj/contracts';

/** An ISO instant, as events carry it. */
type Instant = string;

/**
 * An event as programme_event stores it (the programme is the row's, so not repeated).
 * Still a discriminated union: narrowing on `type` gives the payload's type.
 */
export type ProgrammeEventRecord = { [T in ProgrammeEventType]: Omit<ProgrammeEventOf<T>, 'programmeId'> }[ProgrammeEventType];

export interface ProgrammeViewHeader {
  readonly id: string;
  readonly name: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly ownerId: string;
  readonly status: ProgrammeStatus;
  readonly currentPhaseKey: string | null;
  readonly startDate: LocalDate;
  readonly endDate: LocalDate;
  /** Whether any phase has opened yet (reports say "not started" until then). */
  readonly phaseOpened: boolean;
}

export interface PhaseView {
  readonly key: string;
  readonly ordinal: number;
  readonly name: Localized;
  readonly startDate: LocalDate;
  readonly endDate: LocalDate;
  readonly gate: GateDefinition | null;
  readonly status: PhaseStatus;
  readonly openedAt: Instant | null;
  readonly closedAt: Instant | null;
  /** null for a phase without a gate. */
  readonly gateStatus: GateStatus | null;
  /** The latest round opened (0 before the gate first opens). */
  readonly gateRound: number;
  /** Why the gate was last rejected, withdrawn or re-opened. */
  readonly gateReason: string | null;
}

export interface MeetingView {
  readonly key: string;
  readonly phaseKey: string;
  readonly kind: string;
  readonly name: Localized;
  readonly date: LocalDate;
  readonly participants: readonly string[];
  readonly startTime: string;
  readonly durationMinutes: number;
  /** planned, invited or cancelled; sequence is the invitation's iCalendar SEQUENCE. */
  readonly status: 'planned' | 'invited' | 'cancelled';
  readonly sequence: number;
}

export interface DeadlineChangeView {
  readonly at: Instant;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly reason: string | null;
  readonly byId: string | null;
}

export interface AssignmentView {
  readonly id: string;
  readonly phaseKey: string;
  readonly kind: ItemKind;
  readonly templateKey: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly responsibleId: string | null;
  readonly team: string | null;
  readonly dueDate: LocalDate;
  readonly originalDueDate: LocalDate;
  readonly expectedEffect: string | null;
  readonly followUp: string | null;
  readonly resources: string | null;
  readonly status: AssignmentStatus;
  readonly comment: string | null;
  readonly completedAt: Instant | null;
  /** When an event last changed it; null until then (the row's creation time stands). */
  readonly updatedAt: Instant | null;
  readonly deadlineChanges: readonly DeadlineChangeView[];
}

export interface GateRoundView {
  readonly phaseKey: string;
  readonly round: number;
  readonly status: 'open' | 'approved' | 'rejected' | 'withdrawn';
  readonly rule: GateRule;
  readonly quorum: number | null;
  readonly dueDate: LocalDate;
  readonly members: readonly string[];
  readonly snapshot: readonly GateSnapshotItem[];
  readonly openedAt: Instant;
  readonly closedAt: Instant | null;
  /** Why it was (re-)opened, or why it was rejected or withdrawn. */
  readonly reason: string | null;
}

export interface GateDecisionView {
  readonly phaseKey: string;
  readonly round: number;
  readonly personId: string | null;
  readonly decision: GateDecision;
  readonly comment: string | null;
  readonly conditions: readonly GateCondition[];
  readonly at: Instant;
}

/**
 * A programme as its events so far make it. Entities keep their identity (===) when an
 * event leaves them alone, so a writer can store only what changed.
 */
export interface ProgrammeView {
  /** The last event applied (0 for none). */
  readonly seq: number;
  /** null until programme_started. */
  readonly programme: ProgrammeViewHeader | null;
  /** In the definition's order. */
  readonly phases: readonly PhaseView[];
  readonly meetings: readonly MeetingView[];
  /** In the order they were created. */
  readonly assignments: readonly AssignmentView[];
  /** One per person and role; a repeated grant keeps the first; a revocation removes it. */
  readonly roles: readonly RoleGrant[];
  readonly gateRounds: readonly GateRoundView[];
  /** Every decision, in the order made (append-only). */
  readonly gateDecisions: readonly GateDecisionView[];
}

export function emptyView(): ProgrammeView {
  return { seq: 0, programme: null, phases: [], meetings: [], assignments: [], roles: [], gateRounds: [], gateDecisions: [] };
}

/** Folds events (in seq order) from nothing. */
export function foldEvents(events: Iterable<ProgrammeEventRecord>, from: ProgrammeView = emptyView()): ProgrammeView {
  let view = from;
  for (const e of events) view = applyEvent(view, e);
  return view;
}

/** The view after one event. Never mutates `view`; unknown phases, meetings and assignments leave it as it was. */
export function applyEvent(view: ProgrammeView, event: ProgrammeEventRecord): ProgrammeView {
  const next = applyData(view, event);
  return next === view ? { ...view, seq: event.seq } : { ...next, seq: event.seq };
}

function applyData(view: ProgrammeView, event: ProgrammeEventRecord): ProgrammeView {
  const at = event.occurredAt;
  switch (event.type) {
    case 'programme_started':
      return started(view, event.data.definition);
    case 'phase_opened': {
      const v = updatePhase(view, event.data.phaseKey, (p) => ({ ...p, status: 'open', openedAt: at }));
      return updateProgramme(v, (p) => ({ ...p, currentPhaseKey: event.data.phaseKey, status: 'running', phaseOpened: true }));
    }
    case 'gate_opened':
    case 'gate_reopened': {
      const d = event.data;
      const round: GateRoundView = {
        phaseKey: d.phaseKey,
        round: d.round,
        status: 'open',
        rule: d.rule,
        quorum: d.quorum ?? null,
        dueDate: d.dueDate,
        members: d.members,
        snapshot: d.snapshot,
        openedAt: at,
        closedAt: null,
        reason: d.reason ?? null,
      };
      const others = view.gateRounds.filter((r) => !(r.phaseKey === d.phaseKey && r.round === d.round));
      let v: ProgrammeView = { ...view, gateRounds: [...others, round] };
      v = updatePhase(v, d.phaseKey, (p) => ({ ...p, status: 'awaiting_gate', gateStatus: 'open', gateRound: d.round, gateReason: d.reason ?? p.gateReason }));
      return updateProgramme(v, (p) => ({ ...p, status: 'awaiting_gate' }));
    }
    case 'gate_decided': {
      const d = event.data;
      const decision: GateDecisionView = {
        phaseKey: d.phaseKey,
        round: d.round,
        personId: event.actorId,
        decision: d.decision,
        comment: d.comment ?? null,
        conditions: d.conditions ?? [],
        at,
      };
      return { ...view, gateDecisions: [...view.gateDecisions, decision] };
    }
    case 'gate_approved': {
      const v = closeRound(view, event.data.phaseKey, event.data.round, 'approved', null, at);
      return updateProgramme(v, (p) => ({ ...p, status: 'running' }));
    }
    case 'gate_rejected':
    case 'gate_withdrawn': {
      const d = event.data;
      const status = event.type === 'gate_rejected' ? 'rejected' : 'withdrawn';
      let v = closeRound(view, d.phaseKey, d.round, status, d.reason ?? null, at);
      // The phase goes on until the owner re-opens the gate.
      v = updatePhase(v, d.phaseKey, (p) => ({ ...p, status: 'open', gateReason: d.reason ?? null }));
      return updateProgramme(v, (p) => ({ ...p, status: 'running' }));
    }
    case 'gate_reminded':
    case 'gate_escalated':
      return view; // audit only: the event itself is the record
    case 'phase_closed':
      return updatePhase(view, event.data.phaseKey, (p) => ({ ...p, status: 'closed', closedAt: at }));
    case 'assignment_created':
      return addAssignment(view, event.data.assignment);
    case 'assignment_reassigned':
      return updateAssignment(view, event.data.assignmentId, (a) => ({ ...a, responsibleId: event.data.to, updatedAt: at }));
    case 'status_recorded': {
      const d = event.data;
      return updateAssignment(view, d.assignmentId, (a) => ({ ...a, status: d.to, comment: d.comment ?? a.comment, updatedAt: at }));
    }
    case 'assignment_completed': {
      const d = event.data;
      return updateAssignment(view, d.assignmentId, (a) => ({ ...a, status: 'done', completedAt: at, comment: d.comment ?? a.comment, updatedAt: at }));
    }
    case 'deadline_moved': {
      const d = event.data;
      return updateAssignment(view, d.assignmentId, (a) => ({
        ...a,
        dueDate: d.to,
        originalDueDate: d.original,
        updatedAt: at,
        deadlineChanges: [...a.deadlineChanges, { at, from: d.from, to: d.to, reason: d.reason, byId: event.actorId }],
      }));
    }
    case 'role_granted':
      return addRole(view, event.data.grant);
    case 'role_revoked':
      return removeRole(view, event.data.grant);
    case 'meeting_invited':
      return updateMeeting(view, event.data.meetingKey, (m) => ({ ...m, status: 'invited' }));
    case 'meeting_moved': {
      const d = event.data;
      return updateMeeting(view, d.meetingKey, (m) => ({ ...m, date: d.to.date, startTime: d.to.time, sequence: d.sequence }));
    }
    case 'meeting_cancelled':
      return updateMeeting(view, event.data.meetingKey, (m) => ({ ...m, status: 'cancelled', sequence: event.data.sequence }));
    case 'programme_completed':
      return updateProgramme(view, (p) => ({ ...p, status: 'completed', currentPhaseKey: null }));
    default:
      // A new event type that is not handled above fails to compile here.
      return assertNever(event);
  }
}

function started(view: ProgrammeView, def: ProgrammeDefinition): ProgrammeView {
  let v: ProgrammeView = {
    ...view,
    programme: {
      id: def.programmeId,
      name: def.name,
      templateId: def.template.id,
      templateVersion: def.template.version,
      ownerId: def.ownerId,
      status: 'running',
      currentPhaseKey: null,
      startDate: def.phases[0].startDate,
      endDate: def.phases[def.phases.length - 1].endDate,
      phaseOpened: false,
    },
    phases: def.phases.map((p, ordinal) => ({
      key: p.key,
      ordinal,
      name: p.name,
      startDate: p.startDate,
      endDate: p.endDate,
      gate: p.gate,
      status: 'pending',
      openedAt: null,
      closedAt: null,
      gateStatus: p.gate ? 'pending' : null,
      gateRound: 0,
      gateReason: null,
    })),
    meetings: def.meetings.map((m) => ({
      key: m.key,
      phaseKey: m.phaseKey,
      kind: m.kind,
      name: m.name,
      date: m.date,
      participants: m.participants,
      startTime: m.startTime ?? '09:00',
      durationMinutes: m.durationMinutes ?? 120,
      status: 'planned',
      sequence: 0,
    })),
  };
  for (const a of def.assignments) v = addAssignment(v, a);
  for (const r of def.roles) v = addRole(v, r);
  return v;
}

function addAssignment(view: ProgrammeView, a: AssignmentDefinition): ProgrammeView {
  const assignment: AssignmentView = {
    id: a.id,
    phaseKey: a.phaseKey,
    kind: a.kind,
    templateKey: a.templateKey ?? null,
    title: a.title,
    description: a.description ?? null,
    responsibleId: a.responsibleId ?? null,
    team: a.team ?? null,
    dueDate: a.dueDate,
    originalDueDate: a.dueDate,
    expectedEffect: a.expectedEffect ?? null,
    followUp: a.followUp ?? null,
    resources: a.resources ?? null,
    status: 'remaining',
    comment: null,
    completedAt: null,
    updatedAt: null,
    deadlineChanges: [],
  };
  return { ...view, assignments: [...view.assignments.filter((x) => x.id !== a.id), assignment] };
}

function addRole(view: ProgrammeView, r: RoleGrant): ProgrammeView {
  if (view.roles.some((x) => x.personId === r.personId && x.role === r.role)) return view;
  return { ...view, roles: [...view.roles, { personId: r.personId, role: r.role, team: r.team ?? null }] };
}

function removeRole(view: ProgrammeView, r: RoleGrant): ProgrammeView {
  const roles = view.roles.filter((x) => !(x.personId === r.personId && x.role === r.role));
  return roles.length === view.roles.length ? view : { ...view, roles };
}

function closeRound(view: ProgrammeView, phaseKey: string, round: number, status: GateRoundView['status'], reason: string | null, at: Instant): ProgrammeView {
  const gateRounds = view.gateRounds.map((r) => (r.phaseKey === phaseKey && r.round === round ? { ...r, status, reason: reason ?? r.reason, closedAt: at } : r));
  return updatePhase({ ...view, gateRounds }, phaseKey, (p) => ({ ...p, gateStatus: status }));
}

function updateProgramme(view: ProgrammeView, f: (p: ProgrammeViewHeader) => ProgrammeViewHeader): ProgrammeView {
  return view.programme ? { ...view, programme: f(view.programme) } : view;
}

function updatePhase(view: ProgrammeView, key: string, f: (p: PhaseView) => PhaseView): ProgrammeView {
  const phases = replace(view.phases, (p) => p.key === key, f);
  return phases === view.phases ? view : { ...view, phases };
}

function updateMeeting(view: ProgrammeView, key: string, f: (m: MeetingView) => MeetingView): ProgrammeView {
  const meetings = replace(view.meetings, (m) => m.key === key, f);
  return meetings === view.meetings ? view : { ...view, meetings };
}

function updateAssignment(view: ProgrammeView, id: string, f: (a: AssignmentView) => AssignmentView): ProgrammeView {
  const assignments = replace(view.assignments, (a) => a.id === id, f);
  return assignments === view.assignments ? view : { ...view, assignments };
}

/** The list with its matching entries replaced, or the same list when none matched. */
function replace<T>(list: readonly T[], match: (x: T) => boolean, f: (x: T) => T): readonly T[] {
  if (!list.some(match)) return list;
  return list.map((x) => (match(x) ? f(x) : x));
}
