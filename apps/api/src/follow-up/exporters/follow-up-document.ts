import {
  COLUMN_HEADINGS,
  formatBoards,
  formatLongDate,
  HIERARCHY_LEVELS,
  reportLines,
  STATUS_KEYS,
  statusKeyLabel,
  type FollowUpReport,
  type FollowUpReportRow,
} from '@fullfolj/domain';
import { type DocLine, type DocTable, groupHeading, type ReportDocument, slug } from './document';
import { analysisSection, indicatorChart, indicatorTable, indicatorValuesTableOf } from './indicator-document';

const TEXT = {
  sv: {
    summary: 'Sammanfattning',
    activities: 'Aktiviteter',
    data: 'Data',
    sheet: 'Uppföljning',
    asOf: (date: string) => `Per den ${date}`,
    total: 'Antal aktiviteter',
    within: 'Flyttade till senare datum under året',
    later: 'Förskjutna till ett senare år',
    earlier: 'Flyttade till ett tidigare datum',
    empty: 'Inga aktiviteter.',
    id: 'Id',
    page: 'Sida',
    of: 'av',
    contents: 'Innehåll',
    charts: 'Diagram',
    generated: 'Framtagen ur historiken',
    file: 'uppfoljning',
  },
  en: {
    summary: 'Summary',
    activities: 'Activities',
    data: 'Data',
    sheet: 'Follow-up',
    asOf: (date: string) => `As of ${date}`,
    total: 'Activities',
    within: 'Moved to a later date within the year',
    later: 'Postponed to a later year',
    earlier: 'Moved to an earlier date',
    empty: 'No activities.',
    id: 'Id',
    page: 'Page',
    of: 'of',
    contents: 'Contents',
    charts: 'Charts',
    generated: 'Computed from history',
    file: 'follow-up',
  },
};

/** The flat columns of a follow-up table, as an import reads them (plus the activity's id). */
export function flatCells(row: FollowUpReportRow): string[] {
  return [
    ...HIERARCHY_LEVELS.map((level) => row[level] ?? ''),
    row.activity,
    formatBoards(row.boards),
    row.dueLabel,
    row.statusLabel,
    row.comment ?? '',
    row.activityId,
  ];
}

/**
 * The board's own layout: headings for the hierarchy, then Aktivitet · Nämnd · Slutfört · Status · Kommentar;
 * with the plan's indicators, their table (a heading per indicator, a row per period), a chart
 * each and the analyses.
 */
export function followUpDocument(report: FollowUpReport): ReportDocument {
  const t = TEXT[report.language];
  const h = COLUMN_HEADINGS[report.language];
  const boards = report.board ? [report.board] : report.plan.boards;
  const grouped: DocTable = {
    title: t.activities,
    sheetName: t.sheet,
    columns: [
      { label: h.activity, width: 55 },
      { label: h.boards, width: 11 },
      { label: h.due, width: 20 },
      { label: h.status, width: 13 },
      { label: h.comment, width: 55 },
    ],
    empty: t.empty,
    *lines(): Iterable<DocLine> {
      for (const line of reportLines(report.rows)) {
        if (line.kind === 'heading') yield { kind: 'group', depth: line.depth, text: groupHeading(h[line.level], line.title) };
        else yield { kind: 'row', cells: [line.row.activity, formatBoards(line.row.boards), line.row.dueLabel, line.row.statusLabel, line.row.comment ?? ''] };
      }
    },
  };
  const data: DocTable = {
    title: t.data,
    sheetName: t.data,
    columns: [
      { label: h.perspective, width: 16 },
      { label: h.municipalGoal, width: 30 },
      { label: h.boardGoal, width: 30 },
      { label: h.strategicAssignment, width: 30 },
      { label: h.activity, width: 50 },
      { label: h.boards, width: 11 },
      { label: h.due, width: 20 },
      { label: h.status, width: 13 },
      { label: h.comment, width: 50 },
      { label: t.id, width: 38 },
    ],
    *lines(): Iterable<DocLine> {
      for (const row of report.rows) yield { kind: 'row', cells: flatCells(row) };
    },
  };
  // A plan without indicators or analyses reads as before: no empty indicator table or analysis section.
  const indicators = report.indicators;
  const measured = indicators !== undefined && indicators.indicators.length > 0;
  const s = report.summary;
  const facts: Array<[string, number]> = [
    [t.total, s.total],
    ...STATUS_KEYS.filter((k) => k !== 'not_reported' || s.byStatus[k] > 0).map((k): [string, number] => [statusKeyLabel(k, report.language), s.byStatus[k]]),
    [t.within, s.movedWithinYear],
    [t.later, s.movedToLaterYear],
    ...(s.movedEarlier > 0 ? [[t.earlier, s.movedEarlier] as [string, number]] : []),
  ];
  return {
    language: report.language,
    fileBase: `${t.file}-${slug(report.plan.name)}${report.board ? `-${slug(report.board.code)}` : ''}-${report.asOf}`,
    header: {
      organisation: report.plan.municipality,
      subject: boards.map((b) => `${b.name} (${b.code})`).join(', '),
      date: t.asOf(formatLongDate(report.asOf, report.language)),
    },
    title: report.title,
    summaryHeading: t.summary,
    summary: s.sentences,
    facts,
    tables: measured ? [grouped, indicatorTable(report.language, [{ heading: null, indicators: indicators.indicators }])] : [grouped],
    ...(measured ? { charts: indicators.indicators.filter((i) => i.periods.length > 0).map((i) => indicatorChart(i, report.language)) } : {}),
    ...(indicators && (measured || indicators.analyses.length > 0) ? { texts: [analysisSection(indicators, report.language)] } : {}),
    tablesOnOwnSheets: false,
    dataTable: data,
    labels: { page: t.page, summarySheet: t.sheet, generated: t.generated, of: t.of, contents: t.contents, charts: t.charts },
  };
}

/**
 * The plan's indicator values, one row per indicator and period, as a table that imports again:
 * Indikator · Period · Målvärde · Värde · Text · Kommentar · Måluppfyllelse · Trend.
 */
export function indicatorValuesTable(report: FollowUpReport): DocTable {
  return indicatorValuesTableOf(report.indicators, report.language);
}
