/**
 * A programme's lägesrapport (status report) or slutrapport (final report) as of a date,
 * computed from the programme's append-only events alone: phases and their dates, gate
 * decisions (who decided what), meetings and whether their minutes came in, and assignments
 * with their status and every deadline change.
 */
import { compareLocalDates, type LocalDate } from '../calendar/local-date';
import { instantToLocalDate, type Instant } from '../calendar/stockholm-time';
import { applyEvent, emptyView, type AssignmentView, type GateDecisionView, type ProgrammeEventRecord } from '../events/programme-view';
import { FOLLOW_UP_STATUSES, followUpStatusLabel, type FollowUpStatus } from '../status/follow-up-status';
import { formatLongDate, type ReportLanguage } from './report';
import { joinList } from './text';

export type ProgrammeReportKind = 'status' | 'final';


export type GateStatusKey = 'pending' | 'open' | 'approved' | 'rejected' | 'withdrawn';

export interface ProgrammeReportDecision {
  readonly round: number;
  readonly personId: string | null;
  readonly personName: string;
  /** approve, approve_with_conditions, send_back or abstain. */
  readonly decision: string;
  readonly decisionLabel: string;
  readonly comment: string | null;
  /** Conditions of an approval, as "title (due date)". */
  readonly conditions: readonly string[];
  readonly at: Instant;
}

export interface ProgrammeReportPhase {
  readonly key: string;
  readonly name: string;
  readonly startDate: LocalDate;
  readonly endDate: LocalDate;
  readonly status: 'pending' | 'open' | 'awaiting_gate' | 'closed';
  readonly statusLabel: string;
  readonly openedAt: Instant | null;
  readonly closedAt: Instant | null;
  readonly gate: null | {
    readonly name: string;
    readonly rule: string;
    readonly dueDate: LocalDate | null;
    readonly status: GateStatusKey;
    readonly statusLabel: string;
    /** 1 for the first opening; each re-opening starts a new round. */
    readonly round: number;
    /** Why it was rejected, withdrawn or re-opened. */
    readonly reason: string | null;
    readonly decisions: readonly ProgrammeReportDecision[];
  };
}

export interface ProgrammeReportMeeting {
  readonly key: string;
  readonly name: string;
  readonly kind: string;
  readonly phaseKey: string;
  readonly date: LocalDate;
  readonly held: boolean;
  readonly minutes: null | {
    readonly assignmentId: string;
    readonly dueDate: LocalDate;
    readonly received: boolean;
    readonly receivedAt: Instant | null;
    readonly overdue: boolean;
  };
}

export interface ProgrammeReportDeadlineChange {
  readonly at: Instant;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly reason: string | null;
  readonly byId: string | null;
  readonly byName: string;
}

export interface ProgrammeReportAssignment {
  readonly id: string;
  readonly kind: string;
  readonly phaseKey: string;
  readonly title: string;
  readonly responsibleId: string | null;
  readonly responsibleName: string;
  readonly team: string | null;
  readonly dueDate: LocalDate;
  readonly originalDueDate: LocalDate;
  readonly status: FollowUpStatus;
  readonly statusLabel: string;
  readonly comment: string | null;
  readonly completedAt: Instant | null;
  readonly overdue: boolean;
  readonly deadlineChanges: readonly ProgrammeReportDeadlineChange[];
}

export interface ProgrammeReportSummary {
  readonly assignments: number;
  readonly byStatus: Readonly<Record<FollowUpStatus, number>>;
  readonly overdue: number;
  readonly deadlineChanges: number;
  readonly assignmentsWithMovedDeadline: number;
  readonly meetings: number;
  readonly meetingsHeld: number;
  readonly minutesExpected: number;
  readonly minutesReceived: number;
  readonly minutesMissing: number;
  readonly gates: number;
  readonly gatesApproved: number;
  readonly sentences: readonly string[];
}

export interface ProgrammeReport {
  readonly kind: ProgrammeReportKind;
  readonly asOf: LocalDate;
  readonly language: ReportLanguage;
  readonly title: string;
  readonly programme: {
    readonly id: string;
    readonly name: string;
    readonly templateId: string;
    readonly templateVersion: number;
    readonly ownerId: string;
    readonly ownerName: string;
    readonly startDate: LocalDate;
    readonly endDate: LocalDate;
    readonly status: 'not_started' | 'running' | 'awaiting_gate' | 'completed';
    readonly statusLabel: string;
    readonly currentPhaseKey: string | null;
  };
  readonly phases: readonly ProgrammeReportPhase[];
  readonly meetings: readonly ProgrammeReportMeeting[];
  readonly assignments: readonly ProgrammeReportAssignment[];
  readonly summary: ProgrammeReportSummary;
}

export interface ProgrammeReportInput {
  readonly kind: ProgrammeReportKind;
  readonly asOf: LocalDate;
  readonly language?: ReportLanguage;
  /** All of the programme's events (any order); those after `asOf` (Stockholm time) are left out. */
  readonly events: readonly ProgrammeEventRecord[];
  /** Names of people by id, for "who decided what". */
  readonly names?: ReadonlyMap<string, string>;
}

const LABELS = {
  sv: {
    phase: { pending: 'Ej påbörjad', open: 'Pågår', awaiting_gate: 'Väntar på beslut', closed: 'Avslutad' },
    gate: { pending: 'Ej öppnad', open: 'Öppen för beslut', approved: 'Godkänd', rejected: 'Återremitterad', withdrawn: 'Återtagen' },
    decision: { approve: 'Godkänner', approve_with_conditions: 'Godkänner med villkor', send_back: 'Återremitterar', abstain: 'Avstår' } as Record<string, string>,
    programme: { not_started: 'Ej startat', running: 'Pågår', awaiting_gate: 'Väntar på beslut', completed: 'Avslutat' },
    unknown: 'Okänd person',
    nobody: 'Ingen',
  },
  en: {
    phase: { pending: 'Not started', open: 'Open', awaiting_gate: 'Awaiting decision', closed: 'Closed' },
    gate: { pending: 'Not open', open: 'Open for decision', approved: 'Approved', rejected: 'Sent back', withdrawn: 'Withdrawn' },
    decision: { approve: 'Approves', approve_with_conditions: 'Approves with conditions', send_back: 'Sends back', abstain: 'Abstains' } as Record<string, string>,
    programme: { not_started: 'Not started', running: 'Running', awaiting_gate: 'Awaiting decision', completed: 'Completed' },
    unknown: 'Unknown person',
    nobody: 'Nobody',
  },
} as const;

const conditionText = (c: GateDecisionView['conditions'][number]): string => `${c.title} (${c.dueDate})`;

export function buildProgrammeReport(input: ProgrammeReportInput): ProgrammeReport {
  const language = input.language ?? 'sv';
  const L = LABELS[language];
  const name = (id: string | null) => (id === null ? L.nobody : (input.names?.get(id) ?? L.unknown));
  // The same fold as the read model, over the events up to the report's date.
  const view = input.events
    .filter((e) => compareLocalDates(instantToLocalDate(e.occurredAt), input.asOf) <= 0)
    .sort((a, b) => a.seq - b.seq)
    .reduce(applyEvent, emptyView());
  const started = view.programme;
  if (!started) throw new RangeError(`the programme had not started by ${input.asOf}`);
  const programmeStatus: ProgrammeReport['programme']['status'] = started.phaseOpened ? started.status : 'not_started';
  const currentPhaseKey = started.currentPhaseKey;

  const reportAssignments: ProgrammeReportAssignment[] = [...view.assignments]
    .sort((a, b) => compareLocalDates(a.dueDate, b.dueDate) || a.title.localeCompare(b.title, 'sv') || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      phaseKey: a.phaseKey,
      title: a.title,
      responsibleId: a.responsibleId,
      responsibleName: name(a.responsibleId),
      team: a.team,
      dueDate: a.dueDate,
      originalDueDate: a.originalDueDate,
      status: a.status,
      statusLabel: followUpStatusLabel(a.status, language),
      comment: a.comment,
      completedAt: a.completedAt,
      overdue: a.status !== 'done' && compareLocalDates(a.dueDate, input.asOf) < 0,
      deadlineChanges: a.deadlineChanges.map((c) => ({ ...c, byName: name(c.byId) })),
    }));

  const minutesByMeeting = new Map<string, AssignmentView>();
  for (const a of view.assignments) {
    if (a.kind === 'minutes' && a.templateKey?.endsWith('/minutes')) minutesByMeeting.set(a.templateKey.slice(0, -'/minutes'.length), a);
  }
  const meetings: ProgrammeReportMeeting[] = view.meetings
    .map((m) => {
      const minutes = minutesByMeeting.get(m.key);
      return {
        key: m.key,
        name: m.name[language],
        kind: m.kind,
        phaseKey: m.phaseKey,
        date: m.date,
        held: compareLocalDates(m.date, input.asOf) <= 0,
        minutes: minutes
          ? {
              assignmentId: minutes.id,
              dueDate: minutes.dueDate,
              received: minutes.status === 'done',
              receivedAt: minutes.completedAt,
              overdue: minutes.status !== 'done' && compareLocalDates(minutes.dueDate, input.asOf) < 0,
            }
          : null,
      };
    })
    .sort((a, b) => compareLocalDates(a.date, b.date) || a.key.localeCompare(b.key));

  const reportPhases: ProgrammeReportPhase[] = view.phases.map((p) => {
    const gateStatus = p.gateStatus ?? 'pending';
    return {
      key: p.key,
      name: p.name[language],
      startDate: p.startDate,
      endDate: p.endDate,
      status: p.status,
      statusLabel: L.phase[p.status],
      openedAt: p.openedAt,
      closedAt: p.closedAt,
      gate: p.gate
        ? {
            name: p.gate.name[language],
            rule: p.gate.rule,
            dueDate: p.gate.dueDate ?? null,
            status: gateStatus,
            statusLabel: L.gate[gateStatus],
            round: p.gateRound,
            reason: p.gateReason,
            decisions: view.gateDecisions
              .filter((d) => d.phaseKey === p.key)
              .map((d) => ({
                round: d.round,
                personId: d.personId,
                personName: name(d.personId),
                decision: d.decision,
                decisionLabel: L.decision[d.decision] ?? d.decision,
                comment: d.comment,
                conditions: d.conditions.map(conditionText),
                at: d.at,
              })),
          }
        : null,
    };
  });

  const byStatus = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, 0])) as Record<FollowUpStatus, number>;
  for (const a of reportAssignments) byStatus[a.status] += 1;
  const minutes = meetings.filter((m) => m.minutes !== null && m.held);
  const counts = {
    assignments: reportAssignments.length,
    byStatus,
    overdue: reportAssignments.filter((a) => a.overdue).length,
    deadlineChanges: reportAssignments.reduce((n, a) => n + a.deadlineChanges.length, 0),
    assignmentsWithMovedDeadline: reportAssignments.filter((a) => a.deadlineChanges.length > 0).length,
    meetings: meetings.length,
    meetingsHeld: meetings.filter((m) => m.held).length,
    minutesExpected: minutes.length,
    minutesReceived: minutes.filter((m) => m.minutes!.received).length,
    minutesMissing: minutes.filter((m) => !m.minutes!.received).length,
    gates: reportPhases.filter((p) => p.gate).length,
    gatesApproved: reportPhases.filter((p) => p.gate?.status === 'approved').length,
  };
  const currentPhase = reportPhases.find((p) => p.key === currentPhaseKey);
  const programme = {
    id: started.id,
    name: started.name,
    templateId: started.templateId,
    templateVersion: started.templateVersion,
    ownerId: started.ownerId,
    ownerName: name(started.ownerId),
    startDate: started.startDate,
    endDate: started.endDate,
    status: programmeStatus,
    statusLabel: L.programme[programmeStatus],
    currentPhaseKey,
  };
  const date = formatLongDate(input.asOf, language);
  const title =
    language === 'sv'
      ? `${input.kind === 'status' ? 'Lägesrapport' : 'Slutrapport'}: ${started.name}, per den ${date}`
      : `${input.kind === 'status' ? 'Status report' : 'Final report'}: ${started.name}, as of ${date}`;
  return {
    kind: input.kind,
    asOf: input.asOf,
    language,
    title,
    programme,
    phases: reportPhases,
    meetings,
    assignments: reportAssignments,
    summary: { ...counts, sentences: programmeSentences(counts, programme.status, currentPhase, reportPhases, language) },
  };
}

function programmeSentences(
  c: Omit<ProgrammeReportSummary, 'sentences'>,
  status: ProgrammeReport['programme']['status'],
  current: ProgrammeReportPhase | undefined,
  phases: readonly ProgrammeReportPhase[],
  language: ReportLanguage,
): string[] {
  const out: string[] = [];
  const awaiting = phases.find((p) => p.gate?.status === 'open');
  if (language === 'sv') {
    if (status === 'completed') out.push('Programmet är avslutat.');
    else if (status === 'not_started') out.push('Programmet har ännu inte startat.');
    else if (awaiting?.gate) out.push(`Programmet väntar på styrgruppens beslut: ${awaiting.gate.name}.`);
    else if (current) out.push(`Programmet är i fasen ${current.name} (${current.startDate} – ${current.endDate}).`);
    const statusParts = FOLLOW_UP_STATUSES.filter((s) => c.byStatus[s] > 0).map((s) => `${c.byStatus[s]} ${followUpStatusLabel(s, 'sv').toLowerCase()}`);
    out.push(`Programmet har ${c.assignments} uppdrag${statusParts.length ? `, varav ${joinList(statusParts, 'sv')}` : ''}.`);
    if (c.overdue > 0) out.push(`${c.overdue} uppdrag har passerat sitt slutdatum utan att vara ${c.overdue === 1 ? 'genomfört' : 'genomförda'}.`);
    out.push(
      c.deadlineChanges === 0
        ? 'Inga slutdatum har flyttats.'
        : `Slutdatum har flyttats ${c.deadlineChanges} ${c.deadlineChanges === 1 ? 'gång' : 'gånger'}, för ${c.assignmentsWithMovedDeadline} uppdrag.`,
    );
    out.push(meetingSentence(c, 'sv'));
    if (c.gates > 0) out.push(`${c.gatesApproved} av ${c.gates} beslutspunkter är godkända.`);
    return out;
  }
  if (status === 'completed') out.push('The programme is completed.');
  else if (status === 'not_started') out.push('The programme has not started yet.');
  else if (awaiting?.gate) out.push(`The programme awaits the steering group's decision: ${awaiting.gate.name}.`);
  else if (current) out.push(`The programme is in the phase ${current.name} (${current.startDate} – ${current.endDate}).`);
  const statusParts = FOLLOW_UP_STATUSES.filter((s) => c.byStatus[s] > 0).map((s) => `${c.byStatus[s]} ${followUpStatusLabel(s, 'en').toLowerCase()}`);
  out.push(`The programme has ${c.assignments} ${c.assignments === 1 ? 'assignment' : 'assignments'}${statusParts.length ? `: ${joinList(statusParts, 'en')}` : ''}.`);
  if (c.overdue > 0) out.push(`${c.overdue} ${c.overdue === 1 ? 'assignment is' : 'assignments are'} past their deadline and not done.`);
  out.push(
    c.deadlineChanges === 0
      ? 'No deadline has been moved.'
      : `Deadlines have been moved ${c.deadlineChanges} ${c.deadlineChanges === 1 ? 'time' : 'times'}, for ${c.assignmentsWithMovedDeadline} assignments.`,
  );
  out.push(meetingSentence(c, 'en'));
  if (c.gates > 0) out.push(`${c.gatesApproved} of ${c.gates} gates are approved.`);
  return out;
}

/**
 * Meetings held and minutes in, in words that never say "0 of 0": no meetings planned, none
 * held yet, and minutes only where meetings that need them have been held.
 */
export function meetingSentence(c: { meetings: number; meetingsHeld: number; minutesExpected: number; minutesReceived: number }, language: 'sv' | 'en'): string {
  const sv = language === 'sv';
  if (c.meetings === 0) return sv ? 'Inga möten är planerade.' : 'No meetings are planned.';
  const meetings = sv ? (c.meetings === 1 ? 'möte' : 'möten') : c.meetings === 1 ? 'meeting' : 'meetings';
  const held =
    c.meetingsHeld === 0
      ? c.meetings === 1
        ? sv
          ? 'Mötet har inte hållits ännu'
          : 'The meeting has not been held yet'
        : sv
          ? `Inget av de ${c.meetings} mötena har hållits ännu`
          : `None of the ${c.meetings} meetings has been held yet`
      : sv
        ? `${c.meetingsHeld} av ${c.meetings} ${meetings} har hållits`
        : `${c.meetingsHeld} of ${c.meetings} ${meetings} ${c.meetingsHeld === 1 ? 'has' : 'have'} been held`;
  if (c.minutesExpected === 0) return `${held}.`;
  const minutes =
    c.minutesReceived === c.minutesExpected
      ? sv
        ? `protokoll har kommit in från ${c.minutesExpected === 1 ? 'det' : 'alla'}`
        : `minutes have come in for ${c.minutesExpected === 1 ? 'it' : 'all of them'}`
      : sv
        ? `protokoll har kommit in från ${c.minutesReceived} av ${c.minutesExpected}`
        : `minutes have come in for ${c.minutesReceived} of ${c.minutesExpected}`;
  return `${held}; ${minutes}.`;
}
