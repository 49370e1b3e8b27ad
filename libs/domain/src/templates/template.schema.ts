import { z } from 'zod';

import { isMonthDay } from '../calendar/local-date';
import { type DomainIssue, formatPath, type PathSegment } from '../issues';

/**
 * Programme templates: versioned, dateless descriptions of a plan–do–follow-up programme.
 *
 * Dates are bound late. A template declares named date parameters (kick-off, team meetings,
 * report deadlines …) with labels and optional defaults; phases, meetings, deliverables,
 * assignments and gates refer to those parameters by key, optionally with an offset in
 * days or working days. planProgramme() binds concrete dates when a programme starts.
 */

/** Built-in date parameter every template may refer to: the programme's first day. */
export const PROGRAMME_START = 'programmeStart';

const KEY = /^[a-z][A-Za-z0-9_]*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value) ?? String(value);
}

const wholeNumber = () => z.int({ error: (issue) => `must be a whole number, got ${describeValue(issue.input)}` });
const text = z.string().trim().min(1, 'must not be empty');
const key = z.string().regex(KEY, "must start with a lowercase letter and contain only letters, digits and '_'");
const nonNegativeInt = wholeNumber().min(0, 'must be 0 or more');
/** Offsets stay within ten years, so date arithmetic never leaves the calendar's range. */
const MAX_OFFSET_DAYS = 3660;
const offsetDays = () => wholeNumber().min(-MAX_OFFSET_DAYS, `must be at least -${MAX_OFFSET_DAYS}`).max(MAX_OFFSET_DAYS, `must be at most ${MAX_OFFSET_DAYS}`);

export const localizedTextSchema = z.strictObject({ sv: text, en: text });

export const MEETING_KINDS = ['kickoff', 'team', 'closing', 'network', 'other'] as const;
export const DELIVERABLE_KINDS = ['plan', 'status_report', 'final_report', 'other'] as const;
export const GATE_RULES = ['all', 'majority', 'quorum', 'chair'] as const;
export const DATE_REF_OCCURRENCES = ['first', 'last', 'each'] as const;

const dateRefObject = z
  .strictObject(
    {
      /** Key of a declared date parameter, or 'programmeStart'. */
      date: key,
      /** Which date of a series: first, last, or each (one item per date). */
      occurrence: z.enum(DATE_REF_OCCURRENCES).optional(),
      /** Calendar days; a result on a non-working day moves to the next working day. */
      offsetDays: offsetDays().optional(),
      /** Working days (negative = before). */
      offsetWorkingDays: offsetDays().optional(),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'must be a date parameter key or {date, occurrence?, offsetDays? | offsetWorkingDays?}'
          : undefined,
    },
  )
  .refine((ref) => ref.offsetDays === undefined || ref.offsetWorkingDays === undefined, {
    message: 'use either offsetDays or offsetWorkingDays, not both',
    path: ['offsetWorkingDays'],
  });

/** A reference to a date parameter; in YAML a bare key is shorthand for {date: key}. */
export const dateRefSchema = z.preprocess((value) => (typeof value === 'string' ? { date: value } : value), dateRefObject);

const roleSchema = z.strictObject({
  key,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
});

const goalSchema = z.strictObject({
  key,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
});

const singleDateParameter = z
  .strictObject({
    key,
    kind: z.literal('date'),
    label: localizedTextSchema,
    description: localizedTextSchema.optional(),
    /** Default: this many days after programmeStart, moved to the next working day. */
    defaultOffsetDays: nonNegativeInt.max(MAX_OFFSET_DAYS, `must be at most ${MAX_OFFSET_DAYS}`).optional(),
    /** Default: the first 'MM-DD' on or after programmeStart, kept as is (a cut-off date). */
    defaultMonthDay: z.string().refine(isMonthDay, "must be 'MM-DD', e.g. '08-31'").optional(),
  })
  .refine((p) => p.defaultOffsetDays === undefined || p.defaultMonthDay === undefined, {
    message: 'use either defaultOffsetDays or defaultMonthDay, not both',
    path: ['defaultMonthDay'],
  });

const seriesDateParameter = z.strictObject({
  key,
  kind: z.literal('series'),
  label: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Default dates, days after programmeStart, each moved to the next working day. */
  defaultOffsetDays: z
    .array(nonNegativeInt)
    .min(1, 'must list at least one offset')
    .refine((offsets) => offsets.every((o, i) => i === 0 || o > offsets[i - 1]), 'offsets must be strictly increasing')
    .optional(),
});

/** A parameter without `kind` is a single date. */
export const dateParameterSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && !('kind' in value)
      ? { ...value, kind: 'date' }
      : value,
  z.discriminatedUnion('kind', [singleDateParameter, seriesDateParameter], {
    error: (issue) => (issue.code === 'invalid_union' ? 'kind must be "date" or "series"' : undefined),
  }),
);

const repeatSchema = z
  .strictObject({
    min: wholeNumber().min(1, 'must be at least 1').max(366, 'must be at most 366'),
    max: wholeNumber().min(1, 'must be at least 1').max(366, 'must be at most 366').optional(),
  })
  .refine((r) => r.max === undefined || r.max >= r.min, { message: 'max must not be less than min', path: ['max'] });

export const meetingSchema = z.strictObject({
  key,
  kind: z.enum(MEETING_KINDS),
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Key of the date parameter giving the meeting date(s). */
  date: key,
  /** For a meeting series: how many meetings the programme must (and may) have. */
  repeat: repeatSchema.optional(),
  participants: z.array(key).min(1, 'must list at least one role'),
  /** Working days after the meeting by which the minutes (protokoll) are due; null = none. */
  minutesDueWorkingDays: nonNegativeInt.nullable(),
  minutesResponsibleRole: key.default('secretary'),
});

export const deliverableSchema = z.strictObject({
  key,
  kind: z.enum(DELIVERABLE_KINDS),
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  responsibleRole: key,
  /** Roles that receive it, e.g. the boards. */
  audience: z.array(key).min(1, 'must list at least one role'),
  /** When it must be ready (typically some working days before the board meeting). */
  due: dateRefSchema,
  /** When it is presented, e.g. the board meeting. */
  presentedAt: dateRefSchema.optional(),
});

export const assignmentSchema = z.strictObject({
  key,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  responsibleRole: key,
  due: dateRefSchema,
  /** Key of a template goal the assignment serves. */
  goal: key.optional(),
});

export const gateSchema = z
  .strictObject({
    /** What is being decided, as the approvers see it. */
    name: localizedTextSchema,
    rule: z.enum(GATE_RULES),
    /** Minimum number of approvals; only with rule 'quorum'. */
    quorum: wholeNumber().min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
    decidedBy: z.literal('steering_group'),
    /** Deadline for the decision; defaults to the end of the phase. */
    due: dateRefSchema.optional(),
  })
  .superRefine((gate, ctx) => {
    if (gate.rule === 'quorum' && gate.quorum === undefined) {
      ctx.addIssue({ code: 'custom', path: ['quorum'], message: "is required when rule is 'quorum'" });
    }
    if (gate.rule !== 'quorum' && gate.quorum !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['quorum'], message: `is only allowed with rule 'quorum', not '${gate.rule}'` });
    }
  });

export const phaseSchema = z.strictObject({
  key,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  start: dateRefSchema,
  end: dateRefSchema,
  meetings: z.array(meetingSchema).default([]),
  deliverables: z.array(deliverableSchema).default([]),
  assignments: z.array(assignmentSchema).default([]),
  /** Sign-off that closes the phase; null when the phase just ends. */
  gate: gateSchema.nullable().default(null),
});

const templateObjectSchema = z.strictObject({
  id: z.string().regex(SLUG, "must be a lowercase slug like 'skr-fullfoljd-utbildning'"),
  version: wholeNumber().min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
  name: localizedTextSchema,
  description: localizedTextSchema,
  durationMonths: z
    .strictObject({
      min: nonNegativeInt,
      max: nonNegativeInt,
      /** Start of the measured span; default programmeStart. */
      from: dateRefSchema.optional(),
      /** End of the measured span; default the end of the last phase. */
      to: dateRefSchema.optional(),
    })
    .refine((d) => d.max >= d.min, { message: 'max must not be less than min', path: ['max'] }),
  roles: z.array(roleSchema).min(1, 'must declare at least one role'),
  goals: z.array(goalSchema).default([]),
  dateParameters: z.array(dateParameterSchema).default([]),
  phases: z.array(phaseSchema).min(1, 'must have at least one phase'),
  /** Gallring: months after completion until personal data and mail go (default 24, see RetentionRepository). */
  retention: z.strictObject({ afterCompletionMonths: wholeNumber().min(1, 'must be at least 1').max(1200, 'must be at most 1200') }).optional(),
});

export const programmeTemplateSchema = templateObjectSchema.superRefine((template, ctx) => {
  for (const issue of checkTemplateConsistency(template)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
});

export type LocalizedText = z.output<typeof localizedTextSchema>;
export type DateRef = z.output<typeof dateRefObject>;
export type DateRefOccurrence = (typeof DATE_REF_OCCURRENCES)[number];
export type TemplateRole = z.output<typeof roleSchema>;
export type TemplateGoal = z.output<typeof goalSchema>;
export type TemplateDateParameter = z.output<typeof dateParameterSchema>;
export type SingleDateParameter = z.output<typeof singleDateParameter>;
export type SeriesDateParameter = z.output<typeof seriesDateParameter>;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];
export type GateRule = (typeof GATE_RULES)[number];
export type TemplateMeeting = z.output<typeof meetingSchema>;
export type TemplateDeliverable = z.output<typeof deliverableSchema>;
export type TemplateAssignment = z.output<typeof assignmentSchema>;
export type TemplateGate = z.output<typeof gateSchema>;
export type TemplatePhase = z.output<typeof phaseSchema>;
export type ProgrammeTemplate = z.output<typeof programmeTemplateSchema>;
/** What a template file contains before defaults are filled in. */
export type ProgrammeTemplateInput = z.input<typeof programmeTemplateSchema>;

type TemplateShape = z.output<typeof templateObjectSchema>;

interface RawIssue {
  readonly path: PathSegment[];
  readonly message: string;
}

/**
 * Cross-field rules the field schemas cannot express: unique keys, references to roles,
 * goals and date parameters, series vs single dates, and phase order under the default dates.
 */
function checkTemplateConsistency(t: TemplateShape): RawIssue[] {
  const issues: RawIssue[] = [];
  const add = (path: PathSegment[], message: string) => issues.push({ path, message });

  const unique = (entries: ReadonlyArray<{ key: string; path: PathSegment[] }>, what: string) => {
    const seen = new Map<string, string>();
    for (const entry of entries) {
      const first = seen.get(entry.key);
      if (first !== undefined) add([...entry.path, 'key'], `duplicate ${what} key '${entry.key}' (first used at ${first})`);
      else seen.set(entry.key, formatPath(entry.path));
    }
  };

  unique(t.roles.map((r, i) => ({ key: r.key, path: ['roles', i] })), 'role');
  unique(t.goals.map((g, i) => ({ key: g.key, path: ['goals', i] })), 'goal');
  unique(t.dateParameters.map((p, i) => ({ key: p.key, path: ['dateParameters', i] })), 'date parameter');
  unique(t.phases.map((p, i) => ({ key: p.key, path: ['phases', i] })), 'phase');
  // Meetings, deliverables and assignments share one namespace: their keys name deadlines.
  unique(
    t.phases.flatMap((phase, i) => [
      ...phase.meetings.map((m, j) => ({ key: m.key, path: ['phases', i, 'meetings', j] as PathSegment[] })),
      ...phase.deliverables.map((d, j) => ({ key: d.key, path: ['phases', i, 'deliverables', j] as PathSegment[] })),
      ...phase.assignments.map((a, j) => ({ key: a.key, path: ['phases', i, 'assignments', j] as PathSegment[] })),
    ]),
    'meeting/deliverable/assignment',
  );

  const roles = new Set(t.roles.map((r) => r.key));
  const goals = new Set(t.goals.map((g) => g.key));
  const params = new Map(t.dateParameters.map((p) => [p.key, p]));
  const used = new Set<string>();

  t.dateParameters.forEach((p, i) => {
    if (p.key === PROGRAMME_START) {
      add(['dateParameters', i, 'key'], `'${PROGRAMME_START}' is built in and must not be declared`);
    }
  });

  const checkRole = (role: string, path: PathSegment[]) => {
    if (!roles.has(role)) add(path, `unknown role '${role}'; declared roles: ${[...roles].join(', ')}`);
  };

  const checkRef = (ref: DateRef, path: PathSegment[], allowEach: boolean) => {
    used.add(ref.date);
    if (ref.date === PROGRAMME_START) {
      if (ref.occurrence !== undefined) add([...path, 'occurrence'], `'${PROGRAMME_START}' is a single date; remove occurrence`);
      return;
    }
    const param = params.get(ref.date);
    if (!param) {
      add([...path, 'date'], `unknown date parameter '${ref.date}'; declared: ${[PROGRAMME_START, ...params.keys()].join(', ')}`);
      return;
    }
    if (param.kind === 'date' && ref.occurrence !== undefined) {
      add([...path, 'occurrence'], `'${ref.date}' is a single date; remove occurrence`);
    }
    if (param.kind === 'series') {
      if (ref.occurrence === undefined) {
        add([...path, 'occurrence'], `'${ref.date}' is a series; say which date: ${allowEach ? 'first, last or each' : 'first or last'}`);
      } else if (ref.occurrence === 'each' && !allowEach) {
        add([...path, 'occurrence'], `'each' is only allowed for assignment and deliverable due dates`);
      }
    }
  };

  // Minimum number of dates each series must have, from the meetings that repeat over it.
  const seriesMinimum = new Map<string, { min: number; max?: number; path: PathSegment[] }>();

  t.phases.forEach((phase, i) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['phases', i, ...rest];
    checkRef(phase.start, at('start'), false);
    checkRef(phase.end, at('end'), false);

    phase.meetings.forEach((meeting, j) => {
      used.add(meeting.date);
      const param = meeting.date === PROGRAMME_START ? undefined : params.get(meeting.date);
      if (meeting.date !== PROGRAMME_START && !param) {
        add(at('meetings', j, 'date'), `unknown date parameter '${meeting.date}'; declared: ${[PROGRAMME_START, ...params.keys()].join(', ')}`);
      } else if (param?.kind === 'series' && !meeting.repeat) {
        add(at('meetings', j, 'repeat'), `'${meeting.date}' is a series; add repeat: {min: …}`);
      } else if (param?.kind !== 'series' && meeting.repeat) {
        add(at('meetings', j, 'repeat'), `repeat needs a series date parameter, but '${meeting.date}' is a single date`);
      } else if (param?.kind === 'series' && meeting.repeat) {
        const previous = seriesMinimum.get(meeting.date);
        if (!previous || meeting.repeat.min > previous.min) {
          seriesMinimum.set(meeting.date, { ...meeting.repeat, path: at('meetings', j, 'repeat') });
        }
      }
      meeting.participants.forEach((role, k) => checkRole(role, at('meetings', j, 'participants', k)));
      if (meeting.minutesDueWorkingDays !== null) checkRole(meeting.minutesResponsibleRole, at('meetings', j, 'minutesResponsibleRole'));
    });

    phase.deliverables.forEach((deliverable, j) => {
      checkRole(deliverable.responsibleRole, at('deliverables', j, 'responsibleRole'));
      deliverable.audience.forEach((role, k) => checkRole(role, at('deliverables', j, 'audience', k)));
      checkRef(deliverable.due, at('deliverables', j, 'due'), true);
      if (deliverable.presentedAt) checkRef(deliverable.presentedAt, at('deliverables', j, 'presentedAt'), false);
    });

    phase.assignments.forEach((assignment, j) => {
      checkRole(assignment.responsibleRole, at('assignments', j, 'responsibleRole'));
      checkRef(assignment.due, at('assignments', j, 'due'), true);
      if (assignment.goal !== undefined && !goals.has(assignment.goal)) {
        add(at('assignments', j, 'goal'), `unknown goal '${assignment.goal}'; declared goals: ${[...goals].join(', ') || '(none)'}`);
      }
    });

    if (phase.gate) {
      checkRole(phase.gate.decidedBy, at('gate', 'decidedBy'));
      if (phase.gate.due) checkRef(phase.gate.due, at('gate', 'due'), false);
    }
  });

  if (t.durationMonths.from) checkRef(t.durationMonths.from, ['durationMonths', 'from'], false);
  if (t.durationMonths.to) checkRef(t.durationMonths.to, ['durationMonths', 'to'], false);

  t.dateParameters.forEach((p, i) => {
    if (p.key === PROGRAMME_START) return;
    if (!used.has(p.key)) add(['dateParameters', i, 'key'], `date parameter '${p.key}' is never used`);
    if (p.kind === 'series' && p.defaultOffsetDays) {
      const bounds = seriesMinimum.get(p.key);
      if (bounds && p.defaultOffsetDays.length < bounds.min) {
        add(['dateParameters', i, 'defaultOffsetDays'], `has ${p.defaultOffsetDays.length} dates but ${formatPath(bounds.path)} requires at least ${bounds.min}`);
      }
      if (bounds?.max !== undefined && p.defaultOffsetDays.length > bounds.max) {
        add(['dateParameters', i, 'defaultOffsetDays'], `has ${p.defaultOffsetDays.length} dates but ${formatPath(bounds.path)} allows at most ${bounds.max}`);
      }
    }
  });

  if (issues.length === 0) issues.push(...checkDefaultPhaseOrder(t, params));
  return issues;
}

/**
 * With default offsets the order of phases is known up front; a template whose defaults put
 * a phase end before its start, or overlap two phases, is rejected here rather than at the
 * first programme start. Refs whose default is not a plain day offset are skipped.
 */
function checkDefaultPhaseOrder(t: TemplateShape, params: ReadonlyMap<string, TemplateDateParameter>): RawIssue[] {
  const issues: RawIssue[] = [];
  const dayOf = (ref: DateRef): number | undefined => {
    if (ref.offsetWorkingDays !== undefined) return undefined;
    let base: number | undefined;
    if (ref.date === PROGRAMME_START) base = 0;
    else {
      const p = params.get(ref.date);
      if (p?.kind === 'date') base = p.defaultOffsetDays;
      else if (p?.kind === 'series' && p.defaultOffsetDays) {
        base = ref.occurrence === 'last' ? p.defaultOffsetDays[p.defaultOffsetDays.length - 1] : p.defaultOffsetDays[0];
      }
    }
    return base === undefined ? undefined : base + (ref.offsetDays ?? 0);
  };
  const describe = (ref: DateRef) => `${ref.date}${ref.occurrence ? ` (${ref.occurrence})` : ''}`;

  let previousEnd: { day: number; phase: string } | undefined;
  t.phases.forEach((phase, i) => {
    const start = dayOf(phase.start);
    const end = dayOf(phase.end);
    if (start !== undefined && end !== undefined && end < start) {
      issues.push({
        path: ['phases', i, 'end'],
        message: `with the default dates phase '${phase.key}' ends (${describe(phase.end)}, day ${end}) before it starts (${describe(phase.start)}, day ${start})`,
      });
    }
    if (start !== undefined && previousEnd && start < previousEnd.day) {
      issues.push({
        path: ['phases', i, 'start'],
        message: `with the default dates phase '${phase.key}' starts (day ${start}) before the previous phase '${previousEnd.phase}' ends (day ${previousEnd.day})`,
      });
    }
    if (end !== undefined) previousEnd = { day: end, phase: phase.key };
  });
  return issues;
}

export type TemplateParseResult =
  | { readonly ok: true; readonly template: ProgrammeTemplate }
  | { readonly ok: false; readonly issues: readonly DomainIssue[] };

/** Validates template data (e.g. parsed YAML). Issues name the path of each bad field. */
export function parseProgrammeTemplate(data: unknown): TemplateParseResult {
  const result = programmeTemplateSchema.safeParse(data);
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, issues: zodIssuesToDomainIssues(result.error.issues, data) };
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

// Codes zod uses when a required value is absent (type, enum/literal, discriminator).
const MISSING_VALUE_CODES = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Turns zod's issues into `{path, message}` with plain wording ("is required", "unknown field"). */
export function zodIssuesToDomainIssues(issues: readonly ZodIssueLike[], data: unknown): DomainIssue[] {
  return issues.flatMap((issue): DomainIssue[] => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({ path: formatPath([...toSegments(issue.path), k]), message: 'unknown field' }));
    }
    const path = formatPath(toSegments(issue.path));
    if (MISSING_VALUE_CODES.has(issue.code) && valueAt(data, issue.path) === undefined) {
      return [{ path, message: 'is required' }];
    }
    return [{ path, message: issue.message.replace(/^Invalid (input|option): /, '') }];
  });
}
