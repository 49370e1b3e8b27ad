import {
  addDays,
  addMonths,
  compareLocalDates,
  isLocalDate,
  type LocalDate,
  monthsBetween,
  nextMonthDayOnOrAfter,
  yearOf,
} from '../calendar/local-date';
import { MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR } from '../calendar/swedish-holidays';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { DomainIssue } from '../issues';
import {
  type DateRef,
  type DeliverableKind,
  type GateRule,
  type LocalizedText,
  type MeetingKind,
  PROGRAMME_START,
  type ProgrammeTemplate,
  type TemplateDateParameter,
} from '../templates/template.schema';

export interface PlanInput {
  /** The programme's first day; the anchor for default dates. */
  readonly programmeStart: LocalDate;
  /**
   * Concrete dates per date parameter: a 'YYYY-MM-DD' string for a single date, an array for
   * a series. Parameters left out take the template's default, if it has one.
   */
  readonly dates?: Readonly<Record<string, LocalDate | readonly LocalDate[]>>;
}

export type PlanIssueCode =
  | 'invalid_date'
  | 'missing_parameter'
  | 'unknown_parameter'
  | 'wrong_shape'
  | 'too_few_dates'
  | 'too_many_dates'
  | 'out_of_order'
  | 'outside_phase'
  | 'after_programme_end'
  | 'duration_too_short'
  | 'duration_too_long'
  | 'non_working_day';

/** An error or warning; `path` points into PlanInput, e.g. 'dates.teamMeetings[1]'. */
export interface PlanIssue extends DomainIssue {
  readonly code: PlanIssueCode;
}

export interface ResolvedDateParameter {
  readonly key: string;
  readonly kind: 'date' | 'series';
  readonly label: LocalizedText;
  readonly dates: readonly LocalDate[];
  readonly source: 'input' | 'default';
}

export interface PlannedMeeting {
  /** Unique within the plan: the template key, plus '#n' (1-based) for a series. */
  readonly key: string;
  readonly meetingKey: string;
  readonly occurrence: number | null;
  readonly kind: MeetingKind;
  readonly name: LocalizedText;
  readonly date: LocalDate;
  readonly participants: readonly string[];
  readonly minutesDue: LocalDate | null;
  readonly minutesResponsibleRole: string | null;
}

export interface PlannedDeliverable {
  readonly key: string;
  readonly deliverableKey: string;
  readonly occurrence: number | null;
  readonly kind: DeliverableKind;
  readonly name: LocalizedText;
  readonly responsibleRole: string;
  readonly audience: readonly string[];
  readonly due: LocalDate;
  readonly presentedAt: LocalDate | null;
}

export interface PlannedAssignment {
  readonly key: string;
  readonly assignmentKey: string;
  readonly occurrence: number | null;
  readonly title: LocalizedText;
  readonly description: LocalizedText | null;
  readonly responsibleRole: string;
  readonly goal: string | null;
  readonly due: LocalDate;
}

export interface PlannedGate {
  /** '<phaseKey>/gate'. */
  readonly key: string;
  readonly name: LocalizedText;
  readonly rule: GateRule;
  readonly quorum: number | null;
  readonly decidedBy: 'steering_group';
  readonly due: LocalDate;
}

export interface PlannedPhase {
  readonly key: string;
  readonly index: number;
  readonly name: LocalizedText;
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly meetings: readonly PlannedMeeting[];
  readonly deliverables: readonly PlannedDeliverable[];
  readonly assignments: readonly PlannedAssignment[];
  readonly gate: PlannedGate | null;
}

export type DeadlineKind = 'assignment' | 'deliverable' | 'minutes' | 'gate';

/** Everything somebody must deliver by a date: one reminder schedule each. */
export interface PlannedDeadline {
  /** Unique within the plan; minutes are '<meeting key>/minutes', gates '<phase>/gate'. */
  readonly key: string;
  readonly kind: DeadlineKind;
  readonly phaseKey: string;
  readonly due: LocalDate;
  readonly responsibleRole: string;
  readonly title: LocalizedText;
}

export interface ProgrammePlan {
  readonly templateId: string;
  readonly templateVersion: number;
  readonly programmeStart: LocalDate;
  /** The end of the last phase. */
  readonly end: LocalDate;
  /** The span the template's durationMonths applies to, and its length. */
  readonly duration: { readonly from: LocalDate; readonly to: LocalDate; readonly months: number };
  readonly dates: Readonly<Record<string, ResolvedDateParameter>>;
  readonly phases: readonly PlannedPhase[];
  /** All deadlines, by due date then key. */
  readonly deadlines: readonly PlannedDeadline[];
  /** Not errors, but worth showing (e.g. a meeting on a holiday). */
  readonly warnings: readonly PlanIssue[];
}

export type PlanResult =
  | { readonly ok: true; readonly plan: ProgrammePlan }
  | { readonly ok: false; readonly errors: readonly PlanIssue[] };

let defaultCalendar: WorkingDayCalendar | undefined;

/** A date together with the input field it came from, so errors can point at it. */
interface Traced {
  readonly date: LocalDate;
  readonly source: string;
  readonly occurrence: number | null;
}

/**
 * Binds a template's date parameters to concrete dates and lays out the programme: phases,
 * meetings, deliverables, assignments, gates and every deadline. Working-day offsets use the
 * Swedish calendar. Never throws for bad input; returns the problems as {path, message, code}.
 */
export function planProgramme(
  template: ProgrammeTemplate,
  input: PlanInput,
  calendar: WorkingDayCalendar = (defaultCalendar ??= new WorkingDayCalendar()),
): PlanResult {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const fail = (path: string, code: PlanIssueCode, message: string) => errors.push({ path, code, message });

  // Input may come straight from an API request, so nothing about its shape is assumed.
  const programmeStart: unknown = (input as PlanInput | undefined)?.programmeStart;
  if (programmeStart === undefined) {
    fail('programmeStart', 'missing_parameter', 'is required');
    return { ok: false, errors };
  }
  if (!isPlannableDate(programmeStart)) {
    fail('programmeStart', 'invalid_date', invalidDateMessage(programmeStart));
    return { ok: false, errors };
  }

  const resolved = resolveParameters(template, input, programmeStart, calendar, fail);
  if (errors.length > 0) return { ok: false, errors };

  const sourceOf = (key: string, index: number) =>
    key === PROGRAMME_START ? 'programmeStart' : resolved.get(key)?.kind === 'series' ? `dates.${key}[${index}]` : `dates.${key}`;

  /** Dates a ref stands for: one, or one per series date for occurrence 'each'. */
  const resolveRef = (ref: DateRef): Traced[] => {
    const base = ref.date === PROGRAMME_START ? [programmeStart] : (resolved.get(ref.date)?.dates ?? []);
    const picked: Array<{ date: LocalDate; index: number }> =
      ref.occurrence === 'each'
        ? base.map((date, index) => ({ date, index }))
        : ref.occurrence === 'last'
          ? [{ date: base[base.length - 1], index: base.length - 1 }]
          : [{ date: base[0], index: 0 }];
    return picked.map(({ date, index }) => ({
      date: applyOffset(date, ref, calendar),
      source: sourceOf(ref.date, index),
      occurrence: ref.occurrence === 'each' ? index + 1 : null,
    }));
  };
  const single = (ref: DateRef): Traced => resolveRef(ref)[0];
  const describeRef = (ref: DateRef) =>
    `${ref.date}${ref.occurrence && ref.occurrence !== 'each' ? ` (${ref.occurrence})` : ''}`;

  // Phase boundaries and their order.
  const bounds = template.phases.map((phase) => ({ start: single(phase.start), end: single(phase.end) }));
  bounds.forEach(({ start, end }, i) => {
    const phase = template.phases[i];
    if (compareLocalDates(end.date, start.date) < 0) {
      fail(end.source, 'out_of_order',
        `phase '${phase.key}' would end on ${end.date} (${describeRef(phase.end)}) before it starts on ${start.date} (${describeRef(phase.start)})`);
    }
    const previous = i > 0 ? bounds[i - 1] : undefined;
    if (previous && compareLocalDates(start.date, previous.end.date) < 0) {
      fail(start.source, 'out_of_order',
        `phase '${phase.key}' would start on ${start.date}, before the previous phase '${template.phases[i - 1].key}' ends on ${previous.end.date}`);
    }
  });
  const programmeEnd = bounds[bounds.length - 1].end.date;

  const phases: PlannedPhase[] = template.phases.map((phase, index) => {
    const { start, end } = bounds[index];
    // Events (meetings, gate decisions) happen inside their phase.
    const inPhase = (t: Traced, what: string) => {
      if (compareLocalDates(t.date, start.date) < 0 || compareLocalDates(t.date, end.date) > 0) {
        fail(t.source, 'outside_phase', `${what} would be on ${t.date}, outside phase '${phase.key}' (${start.date} – ${end.date})`);
      }
    };
    // Work may be due after its phase closes (minutes, feedback after the last meeting), but
    // not before the phase starts nor after the programme ends.
    const fromPhaseToEnd = (t: Traced, what: string) => {
      if (compareLocalDates(t.date, start.date) < 0) {
        fail(t.source, 'outside_phase', `${what} would be due on ${t.date}, before phase '${phase.key}' starts on ${start.date}`);
      } else if (compareLocalDates(t.date, programmeEnd) > 0) {
        fail(t.source, 'after_programme_end', `${what} would be due on ${t.date}, after the programme ends on ${programmeEnd}`);
      }
    };
    const instanceKey = (key: string, occurrence: number | null) => (occurrence === null ? key : `${key}#${occurrence}`);

    const meetings = phase.meetings.flatMap((meeting): PlannedMeeting[] => {
      const ref: DateRef = { date: meeting.date, occurrence: meeting.repeat ? 'each' : undefined };
      return resolveRef(ref).map((t) => {
        const what = `meeting '${meeting.key}'${t.occurrence ? ` #${t.occurrence}` : ''}`;
        inPhase(t, what);
        if (!calendar.isWorkingDay(t.date)) {
          warnings.push({ path: t.source, code: 'non_working_day', message: `${what} is on ${t.date}, which is not a working day` });
        }
        const hasMinutes = meeting.minutesDueWorkingDays !== null;
        const minutesDue = hasMinutes ? calendar.addWorkingDays(t.date, meeting.minutesDueWorkingDays!) : null;
        if (minutesDue !== null) fromPhaseToEnd({ ...t, date: minutesDue }, `the minutes of ${what}`);
        return {
          key: instanceKey(meeting.key, t.occurrence),
          meetingKey: meeting.key,
          occurrence: t.occurrence,
          kind: meeting.kind,
          name: meeting.name,
          date: t.date,
          participants: meeting.participants,
          minutesDue,
          minutesResponsibleRole: hasMinutes ? meeting.minutesResponsibleRole : null,
        };
      });
    });

    const deliverables = phase.deliverables.flatMap((deliverable): PlannedDeliverable[] => {
      const presented = deliverable.presentedAt ? single(deliverable.presentedAt) : undefined;
      if (presented) fromPhaseToEnd(presented, `the presentation of '${deliverable.key}'`);
      return resolveRef(deliverable.due).map((t) => {
        fromPhaseToEnd(t, `deliverable '${deliverable.key}'${t.occurrence ? ` #${t.occurrence}` : ''}`);
        if (presented && compareLocalDates(t.date, presented.date) > 0) {
          fail(t.source, 'out_of_order', `deliverable '${deliverable.key}' would be due on ${t.date}, after it is presented on ${presented.date}`);
        }
        return {
          key: instanceKey(deliverable.key, t.occurrence),
          deliverableKey: deliverable.key,
          occurrence: t.occurrence,
          kind: deliverable.kind,
          name: deliverable.name,
          responsibleRole: deliverable.responsibleRole,
          audience: deliverable.audience,
          due: t.date,
          presentedAt: presented?.date ?? null,
        };
      });
    });

    const assignments = phase.assignments.flatMap((assignment): PlannedAssignment[] =>
      resolveRef(assignment.due).map((t) => {
        fromPhaseToEnd(t, `assignment '${assignment.key}'${t.occurrence ? ` #${t.occurrence}` : ''}`);
        return {
          key: instanceKey(assignment.key, t.occurrence),
          assignmentKey: assignment.key,
          occurrence: t.occurrence,
          title: assignment.title,
          description: assignment.description ?? null,
          responsibleRole: assignment.responsibleRole,
          goal: assignment.goal ?? null,
          due: t.date,
        };
      }),
    );

    let gate: PlannedGate | null = null;
    if (phase.gate) {
      const due = phase.gate.due ? single(phase.gate.due) : end;
      inPhase(due, 'the gate decision');
      gate = {
        key: `${phase.key}/gate`,
        name: phase.gate.name,
        rule: phase.gate.rule,
        quorum: phase.gate.quorum ?? null,
        decidedBy: phase.gate.decidedBy,
        due: due.date,
      };
    }

    return { key: phase.key, index, name: phase.name, start: start.date, end: end.date, meetings, deliverables, assignments, gate };
  });

  // Duration of the span the template measures.
  const lastPhase = template.phases[template.phases.length - 1];
  const from = template.durationMonths.from ? single(template.durationMonths.from) : { date: programmeStart, source: 'programmeStart' };
  const toRef = template.durationMonths.to ?? lastPhase.end;
  const to = single(toRef);
  const months = Math.round(monthsBetween(from.date, to.date) * 10) / 10;
  const { min, max } = template.durationMonths;
  const span = `${months} months from ${from.date} to ${to.date} (${describeRef(toRef)})`;
  if (compareLocalDates(to.date, addMonths(from.date, min)) < 0) {
    fail(to.source, 'duration_too_short', `the programme would run ${span}; the template needs at least ${min} months`);
  } else if (compareLocalDates(to.date, addMonths(from.date, max)) > 0) {
    fail(to.source, 'duration_too_long', `the programme would run ${span}; the template allows at most ${max} months`);
  }

  if (errors.length > 0) return { ok: false, errors: dedupe(errors) };

  return {
    ok: true,
    plan: {
      templateId: template.id,
      templateVersion: template.version,
      programmeStart,
      end: programmeEnd,
      duration: { from: from.date, to: to.date, months },
      dates: Object.fromEntries(resolved),
      phases,
      deadlines: collectDeadlines(phases),
      warnings: dedupe(warnings),
    },
  };
}

// Leaves room for offsets after the last supported holiday year.
const LAST_PLANNABLE_YEAR = MAX_SUPPORTED_YEAR - 10;

function isPlannableDate(value: unknown): value is LocalDate {
  return isLocalDate(value) && yearOf(value) >= MIN_SUPPORTED_YEAR && yearOf(value) <= LAST_PLANNABLE_YEAR;
}

function invalidDateMessage(value: unknown): string {
  return isLocalDate(value)
    ? `${value} is outside the supported years ${MIN_SUPPORTED_YEAR}–${LAST_PLANNABLE_YEAR}`
    : `must be a date 'YYYY-MM-DD', got ${JSON.stringify(value)}`;
}

function applyOffset(date: LocalDate, ref: DateRef, calendar: WorkingDayCalendar): LocalDate {
  if (ref.offsetWorkingDays !== undefined) return calendar.addWorkingDays(date, ref.offsetWorkingDays);
  // Like statutory deadlines (lag 1930:173), a calendar-day deadline on a day off moves to the next working day.
  if (ref.offsetDays !== undefined) return calendar.nextWorkingDayOnOrAfter(addDays(date, ref.offsetDays));
  return date;
}

/** Bounds on the number of dates in each series, from the meetings repeating over it. */
function seriesBounds(template: ProgrammeTemplate): Map<string, { min: number; max: number | undefined }> {
  const bounds = new Map<string, { min: number; max: number | undefined }>();
  for (const meeting of template.phases.flatMap((p) => p.meetings)) {
    if (!meeting.repeat) continue;
    const current = bounds.get(meeting.date);
    const max =
      current?.max === undefined ? meeting.repeat.max : meeting.repeat.max === undefined ? current.max : Math.min(current.max, meeting.repeat.max);
    bounds.set(meeting.date, { min: Math.max(current?.min ?? 1, meeting.repeat.min), max });
  }
  return bounds;
}

function resolveParameters(
  template: ProgrammeTemplate,
  input: PlanInput,
  programmeStart: LocalDate,
  calendar: WorkingDayCalendar,
  fail: (path: string, code: PlanIssueCode, message: string) => void,
): Map<string, ResolvedDateParameter> {
  const resolved = new Map<string, ResolvedDateParameter>();
  const given: unknown = input.dates ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    fail('dates', 'wrong_shape', 'must be an object mapping date parameter keys to dates');
    return resolved;
  }
  const values = given as Record<string, unknown>;
  const declared = new Map<string, TemplateDateParameter>(template.dateParameters.map((p) => [p.key, p]));

  for (const key of Object.keys(values).sort()) {
    if (key === PROGRAMME_START) {
      fail(`dates.${key}`, 'unknown_parameter', 'programmeStart is given at the top level of the input, not under dates');
    } else if (!declared.has(key)) {
      fail(`dates.${key}`, 'unknown_parameter',
        `'${key}' is not a date parameter of template '${template.id}'; expected one of: ${[...declared.keys()].join(', ')}`);
    }
  }

  const bounds = seriesBounds(template);
  for (const param of template.dateParameters) {
    const path = `dates.${param.key}`;
    const value = values[param.key];
    const named = `'${param.key}' (${param.label.sv} / ${param.label.en})`;

    if (param.kind === 'date') {
      if (value === undefined) {
        if (param.defaultOffsetDays !== undefined) {
          const date = calendar.nextWorkingDayOnOrAfter(addDays(programmeStart, param.defaultOffsetDays));
          resolved.set(param.key, { key: param.key, kind: 'date', label: param.label, dates: [date], source: 'default' });
        } else if (param.defaultMonthDay !== undefined) {
          // A cut-off date ("per 31 augusti") is a reference date, so it is not moved to a working day.
          const date = nextMonthDayOnOrAfter(programmeStart, param.defaultMonthDay);
          resolved.set(param.key, { key: param.key, kind: 'date', label: param.label, dates: [date], source: 'default' });
        } else {
          fail(path, 'missing_parameter', `a date is required for ${named}`);
        }
        continue;
      }
      if (Array.isArray(value)) {
        fail(path, 'wrong_shape', `${named} is a single date, not a list`);
      } else if (!isPlannableDate(value)) {
        fail(path, 'invalid_date', invalidDateMessage(value));
      } else if (compareLocalDates(value, programmeStart) < 0) {
        fail(path, 'out_of_order', `${value} is before programmeStart (${programmeStart})`);
      } else {
        resolved.set(param.key, { key: param.key, kind: 'date', label: param.label, dates: [value], source: 'input' });
      }
      continue;
    }

    // Series.
    const { min, max } = bounds.get(param.key) ?? { min: 1, max: undefined };
    let dates: LocalDate[];
    let source: 'input' | 'default';
    if (value === undefined) {
      if (!param.defaultOffsetDays) {
        fail(path, 'missing_parameter', `at least ${min} date${min === 1 ? '' : 's'} required for ${named}`);
        continue;
      }
      dates = param.defaultOffsetDays.map((offset) => calendar.nextWorkingDayOnOrAfter(addDays(programmeStart, offset)));
      source = 'default';
    } else if (!Array.isArray(value)) {
      fail(path, 'wrong_shape', `${named} is a series; give a list of dates`);
      continue;
    } else {
      const bad = value.map((d, i) => [d, i] as const).filter(([d]) => !isPlannableDate(d));
      for (const [d, i] of bad) fail(`${path}[${i}]`, 'invalid_date', invalidDateMessage(d));
      if (bad.length > 0) continue;
      dates = value as LocalDate[];
      source = 'input';
    }

    if (dates.length < min) {
      fail(path, 'too_few_dates', `${named} needs at least ${min} dates, got ${dates.length}`);
      continue;
    }
    if (max !== undefined && dates.length > max) {
      fail(path, 'too_many_dates', `${named} allows at most ${max} dates, got ${dates.length}`);
      continue;
    }
    let ordered = true;
    dates.forEach((date, i) => {
      if (i === 0 && compareLocalDates(date, programmeStart) < 0) {
        fail(`${path}[0]`, 'out_of_order', `${date} is before programmeStart (${programmeStart})`);
        ordered = false;
      }
      if (i > 0 && compareLocalDates(date, dates[i - 1]) <= 0) {
        fail(`${path}[${i}]`, 'out_of_order', `${date} must be after ${param.key}[${i - 1}] (${dates[i - 1]})`);
        ordered = false;
      }
    });
    if (ordered) resolved.set(param.key, { key: param.key, kind: 'series', label: param.label, dates, source });
  }
  return resolved;
}

function collectDeadlines(phases: readonly PlannedPhase[]): PlannedDeadline[] {
  const deadlines: PlannedDeadline[] = [];
  for (const phase of phases) {
    for (const a of phase.assignments) {
      deadlines.push({ key: a.key, kind: 'assignment', phaseKey: phase.key, due: a.due, responsibleRole: a.responsibleRole, title: a.title });
    }
    for (const d of phase.deliverables) {
      deadlines.push({ key: d.key, kind: 'deliverable', phaseKey: phase.key, due: d.due, responsibleRole: d.responsibleRole, title: d.name });
    }
    for (const m of phase.meetings) {
      if (m.minutesDue === null || m.minutesResponsibleRole === null) continue;
      deadlines.push({
        key: `${m.key}/minutes`,
        kind: 'minutes',
        phaseKey: phase.key,
        due: m.minutesDue,
        responsibleRole: m.minutesResponsibleRole,
        title: { sv: `Protokoll: ${m.name.sv} ${m.date}`, en: `Minutes: ${m.name.en} ${m.date}` },
      });
    }
    if (phase.gate) {
      deadlines.push({ key: phase.gate.key, kind: 'gate', phaseKey: phase.key, due: phase.gate.due, responsibleRole: phase.gate.decidedBy, title: phase.gate.name });
    }
  }
  return deadlines.sort((a, b) => compareLocalDates(a.due, b.due) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function dedupe(issues: readonly PlanIssue[]): PlanIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}\u0000${issue.code}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
