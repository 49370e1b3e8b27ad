import {
  COLUMN_HEADINGS,
  FOLLOW_UP_STATUSES,
  followUpStatusLabel,
  formatBoards,
  formatLongDate,
  instantToLocalDateTime,
  reportLines,
  type FollowUpReport,
  type ProgrammeReport,
} from '@fullfolj/domain';
import { type DocLine, type DocTable, groupHeading, type ReportDocument, slug } from './document';
import { analysisSection, indicatorChart, indicatorTable, indicatorText } from './indicator-document';

/** A programme report with the follow-up of the plans linked to the programme (and their indicators), as of the same date. */
export interface ProgrammeReportView extends ProgrammeReport {
  followUp: Array<Pick<FollowUpReport, 'plan' | 'summary' | 'rows' | 'indicators'>>;
}

const TEXT = {
  sv: {
    summary: 'Sammanfattning',
    summarySheet: 'Sammanfattning',
    phases: 'Faser',
    decisions: 'Beslut vid beslutspunkter',
    meetings: 'Möten och protokoll',
    assignments: 'Uppdrag',
    changes: 'Ändrade slutdatum',
    followUp: 'Uppföljning av kopplade aktiviteter',
    linkedSheet: 'Kopplade aktiviteter',
    phase: 'Fas',
    start: 'Start',
    end: 'Slut',
    status: 'Status',
    opened: 'Öppnad',
    closed: 'Avslutad',
    gate: 'Beslutspunkt',
    gateStatus: 'Beslutsstatus',
    date: 'Datum',
    member: 'Ledamot',
    decision: 'Beslut',
    comment: 'Kommentar',
    conditions: 'Villkor',
    round: 'Omgång',
    meeting: 'Möte',
    held: 'Hållet',
    minutesDue: 'Protokoll senast',
    minutes: 'Protokoll',
    yes: 'Ja',
    no: 'Nej',
    received: (at: string) => `Inkommet ${at}`,
    missing: 'Saknas',
    notDue: 'Ej inkommet',
    none: '–',
    assignment: 'Uppdrag',
    kind: 'Typ',
    kinds: { assignment: 'Uppdrag', report: 'Rapport', minutes: 'Protokoll' } as Record<string, string>,
    responsible: 'Ansvarig',
    due: 'Slutdatum',
    original: 'Ursprungligt slutdatum',
    completed: 'Genomfört',
    changedAt: 'Ändrat',
    from: 'Från',
    to: 'Till',
    reason: 'Skäl',
    by: 'Av',
    section: 'Avsnitt',
    name: 'Namn',
    person: 'Person',
    details: 'Detaljer',
    noDecisions: 'Inga beslut ännu.',
    noChanges: 'Inga slutdatum har ändrats.',
    noPlans: 'Inga verksamhetsplaner är kopplade till programmet.',
    asOf: (date: string) => `Per den ${date}`,
    owner: (name: string) => `Programägare: ${name}`,
    page: 'Sida',
    of: 'av',
    contents: 'Innehåll',
    charts: 'Diagram',
    file: { status: 'lagesrapport', final: 'slutrapport' },
    figures: {
      assignments: 'Uppdrag',
      overdue: 'Försenade uppdrag',
      deadlineChanges: 'Ändringar av slutdatum',
      meetingsHeld: 'Hållna möten',
      minutesReceived: 'Inkomna protokoll',
      minutesMissing: 'Saknade protokoll',
      gatesApproved: 'Godkända beslutspunkter',
    },
  },
  en: {
    summary: 'Summary',
    summarySheet: 'Summary',
    phases: 'Phases',
    decisions: 'Gate decisions',
    meetings: 'Meetings and minutes',
    assignments: 'Assignments',
    changes: 'Deadline changes',
    followUp: 'Follow-up of linked activities',
    linkedSheet: 'Linked activities',
    phase: 'Phase',
    start: 'Start',
    end: 'End',
    status: 'Status',
    opened: 'Opened',
    closed: 'Closed',
    gate: 'Gate',
    gateStatus: 'Gate status',
    date: 'Date',
    member: 'Member',
    decision: 'Decision',
    comment: 'Comment',
    conditions: 'Conditions',
    round: 'Round',
    meeting: 'Meeting',
    held: 'Held',
    minutesDue: 'Minutes due',
    minutes: 'Minutes',
    yes: 'Yes',
    no: 'No',
    received: (at: string) => `Received ${at}`,
    missing: 'Missing',
    notDue: 'Not received',
    none: '–',
    assignment: 'Assignment',
    kind: 'Kind',
    kinds: { assignment: 'Assignment', report: 'Report', minutes: 'Minutes' } as Record<string, string>,
    responsible: 'Responsible',
    due: 'Deadline',
    original: 'Original deadline',
    completed: 'Completed',
    changedAt: 'Changed',
    from: 'From',
    to: 'To',
    reason: 'Reason',
    by: 'By',
    section: 'Section',
    name: 'Name',
    person: 'Person',
    details: 'Details',
    noDecisions: 'No decisions yet.',
    noChanges: 'No deadline has been changed.',
    noPlans: 'No activity plan is linked to the programme.',
    asOf: (date: string) => `As of ${date}`,
    owner: (name: string) => `Programme owner: ${name}`,
    page: 'Page',
    of: 'of',
    contents: 'Contents',
    charts: 'Charts',
    file: { status: 'status-report', final: 'final-report' },
    figures: {
      assignments: 'Assignments',
      overdue: 'Overdue assignments',
      deadlineChanges: 'Deadline changes',
      meetingsHeld: 'Meetings held',
      minutesReceived: 'Minutes received',
      minutesMissing: 'Minutes missing',
      gatesApproved: 'Gates approved',
    },
  },
};

/** An instant as Stockholm date and time, "2027-04-01 10:00". */
export function stockholm(instant: string | null): string {
  if (!instant) return '';
  const { date, time } = instantToLocalDateTime(instant);
  return `${date} ${time}`;
}

export function programmeDocument(report: ProgrammeReportView): ReportDocument {
  const lang = report.language;
  const t = TEXT[lang];
  const phaseName = new Map(report.phases.map((p) => [p.key, p.name]));
  const phases: DocTable = {
    title: t.phases,
    sheetName: t.phases,
    columns: [
      { label: t.phase, width: 28 },
      { label: t.start, width: 12 },
      { label: t.end, width: 12 },
      { label: t.status, width: 16 },
      { label: t.opened, width: 17 },
      { label: t.closed, width: 17 },
      { label: t.gate, width: 28 },
      { label: t.gateStatus, width: 18 },
    ],
    *lines() {
      for (const p of report.phases) {
        yield { kind: 'row', cells: [p.name, p.startDate, p.endDate, p.statusLabel, stockholm(p.openedAt), stockholm(p.closedAt), p.gate?.name ?? '', p.gate?.statusLabel ?? ''] };
      }
    },
  };
  const decisions: DocTable = {
    title: t.decisions,
    sheetName: t.decisions,
    columns: [
      { label: t.date, width: 17 },
      { label: t.member, width: 24 },
      { label: t.decision, width: 22 },
      { label: t.comment, width: 40 },
      { label: t.conditions, width: 34 },
      { label: t.round, width: 8 },
    ],
    empty: t.noDecisions,
    *lines() {
      for (const p of report.phases) {
        if (!p.gate || p.gate.decisions.length === 0) continue;
        yield { kind: 'group', depth: 0, text: `${p.name}: ${p.gate.name} (${p.gate.statusLabel}${p.gate.reason ? `, ${p.gate.reason}` : ''})` };
        for (const d of p.gate.decisions) {
          yield { kind: 'row', cells: [stockholm(d.at), d.personName, d.decisionLabel, d.comment ?? '', d.conditions.join('; '), String(d.round)] };
        }
      }
    },
  };
  const minutesText = (m: ProgrammeReport['meetings'][number]) => {
    if (!m.minutes) return t.none;
    if (m.minutes.received) return t.received(stockholm(m.minutes.receivedAt));
    return m.minutes.overdue ? t.missing : t.notDue;
  };
  const meetings: DocTable = {
    title: t.meetings,
    sheetName: t.meetings,
    columns: [
      { label: t.meeting, width: 34 },
      { label: t.phase, width: 22 },
      { label: t.date, width: 12 },
      { label: t.held, width: 8 },
      { label: t.minutesDue, width: 14 },
      { label: t.minutes, width: 26 },
    ],
    *lines() {
      for (const m of report.meetings) {
        yield { kind: 'row', cells: [m.name, phaseName.get(m.phaseKey) ?? m.phaseKey, m.date, m.held ? t.yes : t.no, m.minutes?.dueDate ?? '', minutesText(m)] };
      }
    },
  };
  const assignments: DocTable = {
    title: t.assignments,
    sheetName: t.assignments,
    columns: [
      { label: t.assignment, width: 40 },
      { label: t.kind, width: 11 },
      { label: t.responsible, width: 22 },
      { label: t.due, width: 12 },
      { label: t.original, width: 12 },
      { label: t.status, width: 13 },
      { label: t.comment, width: 36 },
      { label: t.completed, width: 17 },
    ],
    *lines(): Iterable<DocLine> {
      for (const p of report.phases) {
        const items = report.assignments.filter((a) => a.phaseKey === p.key);
        if (items.length === 0) continue;
        yield { kind: 'group', depth: 0, text: p.name };
        for (const a of items) {
          yield {
            kind: 'row',
            cells: [
              a.title,
              t.kinds[a.kind] ?? a.kind,
              a.responsibleName,
              a.deadlineChanges.length > 0 ? `${a.dueDate}*` : a.dueDate,
              a.originalDueDate,
              a.statusLabel,
              a.comment ?? '',
              stockholm(a.completedAt),
            ],
          };
        }
      }
    },
  };
  const changes: DocTable = {
    title: t.changes,
    sheetName: t.changes,
    columns: [
      { label: t.assignment, width: 40 },
      { label: t.changedAt, width: 17 },
      { label: t.from, width: 12 },
      { label: t.to, width: 12 },
      { label: t.reason, width: 40 },
      { label: t.by, width: 22 },
    ],
    empty: t.noChanges,
    *lines() {
      for (const a of report.assignments) {
        for (const c of a.deadlineChanges) yield { kind: 'row', cells: [a.title, stockholm(c.at), c.from, c.to, c.reason ?? '', c.byName] };
      }
    },
  };
  const h = COLUMN_HEADINGS[lang];
  const followUp: DocTable = {
    title: t.followUp,
    sheetName: t.linkedSheet,
    columns: [
      { label: h.activity, width: 50 },
      { label: h.boards, width: 11 },
      { label: h.due, width: 20 },
      { label: h.status, width: 13 },
      { label: h.comment, width: 50 },
    ],
    empty: t.noPlans,
    *lines(): Iterable<DocLine> {
      for (const plan of report.followUp) {
        yield { kind: 'group', depth: 0, text: `${plan.plan.name} (${plan.plan.municipality})` };
        for (const line of reportLines(plan.rows)) {
          if (line.kind === 'heading') yield { kind: 'group', depth: line.depth + 1, text: groupHeading(h[line.level], line.title) };
          else yield { kind: 'row', cells: [line.row.activity, formatBoards(line.row.boards), line.row.dueLabel, line.row.statusLabel, line.row.comment ?? ''] };
        }
      }
    },
  };
  const data: DocTable = {
    title: 'Data',
    sheetName: 'Data',
    columns: [
      { label: t.section, width: 22 },
      { label: t.name, width: 40 },
      { label: t.phase, width: 22 },
      { label: t.date, width: 17 },
      { label: t.due, width: 12 },
      { label: t.original, width: 12 },
      { label: t.status, width: 16 },
      { label: t.person, width: 22 },
      { label: t.comment, width: 40 },
      { label: t.details, width: 40 },
    ],
    *lines() {
      for (const p of report.phases) {
        yield { kind: 'row', cells: [t.phase, p.name, p.name, stockholm(p.openedAt), p.endDate, '', p.statusLabel, '', '', `${p.startDate} – ${p.endDate}`] };
        for (const d of p.gate?.decisions ?? []) {
          yield { kind: 'row', cells: [t.decision, p.gate!.name, p.name, stockholm(d.at), '', '', d.decisionLabel, d.personName, d.comment ?? '', d.conditions.join('; ')] };
        }
      }
      for (const m of report.meetings) {
        yield { kind: 'row', cells: [t.meeting, m.name, phaseName.get(m.phaseKey) ?? m.phaseKey, m.date, m.minutes?.dueDate ?? '', '', minutesText(m), '', '', m.held ? t.held : ''] };
      }
      for (const a of report.assignments) {
        const history = a.deadlineChanges.map((c) => `${stockholm(c.at)}: ${c.from} -> ${c.to} (${c.reason ?? ''}, ${c.byName})`).join('; ');
        yield {
          kind: 'row',
          cells: [t.kinds[a.kind] ?? a.kind, a.title, phaseName.get(a.phaseKey) ?? a.phaseKey, stockholm(a.completedAt), a.dueDate, a.originalDueDate, a.statusLabel, a.responsibleName, a.comment ?? '', history],
        };
      }
      for (const plan of report.followUp) {
        for (const r of plan.rows) {
          yield { kind: 'row', cells: [t.followUp, r.activity, plan.plan.name, '', r.dueLabel, '', r.statusLabel, formatBoards(r.boards), r.comment ?? '', r.activityId] };
        }
      }
    },
  };
  // The linked plans' indicators: one table with a heading per plan, each indicator's chart, each plan's analyses.
  // Plans without indicators or analyses add nothing.
  const measured = report.followUp.flatMap((p) =>
    p.indicators && (p.indicators.indicators.length > 0 || p.indicators.analyses.length > 0) ? [{ plan: p.plan, indicators: p.indicators }] : [],
  );
  const withIndicators = measured.filter((m) => m.indicators.indicators.length > 0);
  const several = measured.length > 1;
  const indicatorTables =
    withIndicators.length > 0 ? [indicatorTable(lang, withIndicators.map((m) => ({ heading: `${m.plan.name} (${m.plan.municipality})`, indicators: m.indicators.indicators })))] : [];
  const charts = withIndicators.flatMap((m) =>
    m.indicators.indicators.filter((i) => i.periods.length > 0).map((i) => indicatorChart(i, lang, several ? `${i.name} (${m.plan.name})` : i.name)),
  );
  const texts = measured.map((m) => analysisSection(m.indicators, lang, several ? `${indicatorText(lang).analyses}: ${m.plan.name}` : indicatorText(lang).analyses));
  const s = report.summary;
  const statusFacts = FOLLOW_UP_STATUSES.filter((k) => s.byStatus[k] > 0).map((k): [string, number] => [`${t.figures.assignments}: ${followUpStatusLabel(k, lang)}`, s.byStatus[k]]);
  const followUpSentences = report.followUp.flatMap((p) => [`${p.plan.name}:`, ...p.summary.sentences].join(' '));
  return {
    language: lang,
    fileBase: `${t.file[report.kind]}-${slug(report.programme.name)}-${report.asOf}`,
    header: {
      organisation: report.followUp[0]?.plan.municipality ?? report.programme.name,
      subject: `${report.programme.name} · ${t.owner(report.programme.ownerName)}`,
      date: t.asOf(formatLongDate(report.asOf, lang)),
    },
    title: report.title,
    summaryHeading: t.summary,
    summary: [...s.sentences, ...followUpSentences],
    facts: [
      [t.figures.assignments, s.assignments],
      ...statusFacts,
      [t.figures.overdue, s.overdue],
      [t.figures.deadlineChanges, s.deadlineChanges],
      [t.figures.meetingsHeld, `${s.meetingsHeld} / ${s.meetings}`],
      [t.figures.minutesReceived, `${s.minutesReceived} / ${s.minutesExpected}`],
      [t.figures.minutesMissing, s.minutesMissing],
      [t.figures.gatesApproved, `${s.gatesApproved} / ${s.gates}`],
    ],
    tables: [phases, decisions, meetings, assignments, changes, followUp, ...indicatorTables],
    ...(charts.length > 0 ? { charts } : {}),
    ...(texts.length > 0 ? { texts } : {}),
    tablesOnOwnSheets: true,
    dataTable: data,
    labels: { page: t.page, summarySheet: t.summarySheet, generated: '', of: t.of, contents: t.contents, charts: t.charts },
  };
}
