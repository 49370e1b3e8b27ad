/**
 * A report as a format-neutral document (header, summary, tables with grouped rows), which
 * the CSV, XLSX and PDF writers render. Tables hand out their lines lazily so writers can
 * stream them.
 */
export interface DocColumn {
  label: string;
  /** Width in spreadsheet characters; the PDF divides the page in the same proportions. */
  width: number;
}

export type DocLine =
  /** A heading of the hierarchy (or a section) spanning the table; depth 0 is the outermost. */
  | { kind: 'group'; depth: number; text: string }
  | { kind: 'row'; cells: string[] };

export interface DocTable {
  title: string;
  /** Worksheet name (at most 31 characters), when tables get sheets of their own. */
  sheetName: string;
  columns: DocColumn[];
  lines: () => Iterable<DocLine>;
  /** Text shown instead of an empty table. */
  empty?: string;
}

/**
 * A chart of one indicator: target and outcome per period, with the baseline as a line.
 * The PDF draws it as vectors; the Word file embeds it as an image of the same drawing.
 */
export interface DocChart {
  title: string;
  /** The axis's unit ("Procent", "Skala 1–5"). */
  unitLabel: string;
  /** Lower and upper end of the value axis, when the unit has them (0–100 %, a scale). */
  range: { min: number; max: number } | null;
  /** Period labels along the time axis. */
  categories: string[];
  target: Array<number | null>;
  outcome: Array<number | null>;
  /** Target attainment of each outcome, for its colour. */
  attainment: Array<'met' | 'near' | 'missed' | 'none'>;
  baseline: number | null;
  labels: { target: string; outcome: string; baseline: string };
  /** Each outcome as the report writes it ("62,5 %", "4 av 5"), shown on its bar; plain numbers when absent. */
  outcomeLabels?: Array<string | null>;
  /** Each target as the report writes it, for the description and tooltips; plain numbers when absent. */
  targetLabels?: Array<string | null>;
  /** The baseline as the report writes it ("45 %"), in the legend and the description. */
  baselineLabel?: string;
  /** The legend's words for each attainment colour; without them the legend shows only the outcome label. */
  attainmentLabels?: Record<DocAttainment, string>;
}

/** The colour classes of an outcome in a chart: against its target, or none (no target, no value). */
export type DocAttainment = 'met' | 'near' | 'missed' | 'none';

/** Running text under a heading: analyses, one paragraph each with a title line and a line of status. */
export interface DocTextSection {
  heading: string;
  paragraphs: Array<{ title: string; meta: string; text: string }>;
  empty?: string;
}

export interface ReportDocument {
  language: 'sv' | 'en';
  /** For file names: ASCII, no spaces. */
  fileBase: string;
  /** Page header: who (municipality), about what (boards / programme), and the cut-off date. */
  header: { organisation: string; subject: string; date: string };
  title: string;
  summaryHeading: string;
  summary: readonly string[];
  /** Key figures beside the summary (label, number). */
  facts: Array<[string, number | string]>;
  tables: DocTable[];
  /** Indicator charts, after the tables (PDF and Word; XLSX and CSV carry the same figures in tables). */
  charts?: DocChart[];
  /** Analyses and other running text, after the charts. */
  texts?: DocTextSection[];
  /** XLSX: give each table its own worksheet after the summary sheet. */
  tablesOnOwnSheets: boolean;
  /** XLSX: a flat sheet with one row per item and every column, for filtering and re-import. */
  dataTable?: DocTable;
  labels: { page: string; summarySheet: string; generated: string; of?: string; contents?: string; charts?: string };
}

/**
 * A hierarchy heading: "Strategiskt utvecklingsuppdrag: Öka närvaron". Plans often write the
 * band's own label into the cell already, which must not come out twice.
 */
export function groupHeading(label: string, title: string): string {
  const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('sv').replace(/\s+/g, ' ').trim();
  const head = fold(title);
  const rest = head.slice(fold(label).length);
  return head.startsWith(fold(label)) && (rest === '' || /^[\s:.–-]/.test(rest)) ? title : `${label}: ${title}`;
}

/** A file name that survives every browser and mail client. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 80) || 'rapport'
  );
}

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(text: string): string {
  return text.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Blad';
}
