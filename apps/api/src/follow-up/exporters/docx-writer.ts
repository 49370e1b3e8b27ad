import { PassThrough } from 'node:stream';
import type { ReportBranding } from '@fullfolj/config';
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import { chartLayout, chartSvg } from './chart-svg';
import type { DocChart, DocTable, DocTextSection, ReportDocument } from './document';

const COLOURS = { header: '1F3864', rule: 'BFBFBF', muted: '555555', heading: '1F3864' };
const FONT = 'Arial';
/** Half-points. */
const SIZE = { body: 20, table: 18, small: 16 };
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;
/** A chart's size in the document, in pixels at 96 to the inch (16 cm wide); rendered at twice that. */
const CHART = { width: 600, height: 300, scale: 2 };
/** The logo's box on the cover, in pixels at 96 to the inch. */
const LOGO_BOX = { width: 220, height: 110 };

/**
 * The report as a Word document (docx): a cover with the municipality, the boards or programme,
 * the title, the date and the municipality's logo; a table of contents; the summary; each table
 * under a Heading 1, its group headings as Heading 2 and below, each group's rows as a Word
 * table whose heading row repeats on every page; the charts as images with alternative text;
 * the analyses as paragraphs; "Sida N av M" in every footer.
 *
 * Word files are zip archives written in one piece: the document is built in memory and then
 * handed to the reader as one buffer.
 */
export function writeDocx(doc: ReportDocument, branding: ReportBranding = {}): PassThrough {
  const out = new PassThrough();
  buildDocx(doc, branding).then(
    (buffer) => out.end(buffer),
    (error: unknown) => out.destroy(error as Error),
  );
  return out;
}

export async function buildDocx(doc: ReportDocument, branding: ReportBranding = {}): Promise<Buffer> {
  const sv = doc.language === 'sv';
  const labels = { contents: doc.labels.contents ?? (sv ? 'Innehåll' : 'Contents'), charts: doc.labels.charts ?? (sv ? 'Diagram' : 'Charts'), of: doc.labels.of ?? (sv ? 'av' : 'of') };
  const header = () =>
    new Header({
      children: [
        new Paragraph({
          children: [
            new TextRun({ text: doc.header.organisation, bold: true, size: SIZE.small, color: COLOURS.muted }),
            new TextRun({ text: ` · ${doc.header.subject} · ${doc.header.date}`, size: SIZE.small, color: COLOURS.muted }),
          ],
        }),
      ],
    });
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: [new TextRun({ size: SIZE.small, color: COLOURS.muted, children: [`${doc.labels.page} `, PageNumber.CURRENT, ` ${labels.of} `, PageNumber.TOTAL_PAGES] })],
        }),
      ],
    });
  const portrait = (children: FileChild[], cover = false): ISectionOptions => ({
    // The cover has no running header; every page has the page number, the cover too.
    properties: { titlePage: cover },
    headers: cover ? { default: header(), first: new Header({ children: [] }) } : { default: header() },
    footers: cover ? { default: footer(), first: footer() } : { default: footer() },
    children,
  });
  const landscape = (children: FileChild[]): ISectionOptions => ({
    properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
    headers: { default: header() },
    footers: { default: footer() },
    children,
  });

  const front: FileChild[] = [
    ...cover(doc, branding),
    new Paragraph({ pageBreakBefore: true, spacing: { after: 240 }, children: [new TextRun({ text: labels.contents, bold: true, size: 32, color: COLOURS.heading })] }),
    new TableOfContents(labels.contents, { hyperlink: true, headingStyleRange: '1-3' }),
    heading(doc.summaryHeading, 0, true),
    ...doc.summary.map((sentence) => new Paragraph({ spacing: { after: 120 }, children: [new TextRun(sentence)] })),
    ...(doc.facts.length > 0 ? [factsTable(doc.facts)] : []),
  ];
  const tables = doc.tables.flatMap((table) => wordTable(table));
  const charts = (doc.charts ?? []).length > 0 ? [heading(labels.charts, 0), ...(doc.charts ?? []).flatMap((chart) => chartBlock(chart))] : [];
  const texts = (doc.texts ?? []).flatMap((section) => textSection(section));
  const sections: ISectionOptions[] = [portrait(front, true)];
  if (tables.length > 0) sections.push(landscape(tables));
  if (charts.length + texts.length > 0) sections.push(portrait([...charts, ...texts]));

  const document = new Document({
    title: doc.title,
    subject: doc.header.subject,
    creator: 'Fullfölj',
    description: doc.header.date,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body, language: { value: sv ? 'sv-SE' : 'en-GB' } } },
        title: { run: { font: FONT, size: 48, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 240, after: 240 } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        heading4: { run: { font: FONT, size: 20, bold: true, color: '000000' }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true } },
        heading5: { run: { font: FONT, size: 20, bold: true, italics: true, color: '000000' }, paragraph: { spacing: { before: 120, after: 80 }, keepNext: true } },
        heading6: { run: { font: FONT, size: 20, italics: true, color: '000000' }, paragraph: { spacing: { before: 120, after: 80 }, keepNext: true } },
      },
    },
    sections,
  });
  return Packer.toBuffer(document);
}

function heading(text: string, depth: number, pageBreakBefore = false): Paragraph {
  return new Paragraph({ heading: HEADINGS[Math.min(depth, HEADINGS.length - 1)], pageBreakBefore, children: [new TextRun(text)] });
}

/** The logo scaled into its box on the cover, keeping its proportions. */
function logoSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(LOGO_BOX.width / width, LOGO_BOX.height / height, 1);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function cover(doc: ReportDocument, branding: ReportBranding): Paragraph[] {
  const logo = branding.logo;
  return [
    ...(logo
      ? [
          new Paragraph({
            spacing: { after: 480 },
            children: [
              new ImageRun({
                type: logo.type,
                data: logo.data,
                transformation: logoSize(logo.width, logo.height),
                altText: { name: doc.header.organisation, title: doc.header.organisation, description: doc.header.organisation },
              }),
            ],
          }),
        ]
      : []),
    new Paragraph({ spacing: { before: logo ? 0 : 1440, after: 120 }, children: [new TextRun({ text: doc.header.organisation, bold: true, size: 32, color: COLOURS.heading })] }),
    new Paragraph({ spacing: { after: 960 }, children: [new TextRun({ text: doc.header.subject, size: 24 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: doc.header.date, size: 24 })] }),
  ];
}

const cellMargins = { top: 40, bottom: 40, left: 80, right: 80 };

function cell(text: string, width: number, opts: { header?: boolean; bold?: boolean } = {}): TableCell {
  const lines = text === '' ? [''] : text.split('\n');
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    margins: cellMargins,
    ...(opts.header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: COLOURS.header } } : {}),
    children: lines.map(
      (line) => new Paragraph({ children: [new TextRun({ text: line, size: SIZE.table, bold: opts.header || opts.bold, color: opts.header ? 'FFFFFF' : undefined })] }),
    ),
  });
}

function factsTable(facts: Array<[string, number | string]>): Table {
  return new Table({
    width: { size: 60, type: WidthType.PERCENTAGE },
    rows: facts.map(([label, value]) => new TableRow({ cantSplit: true, children: [cell(label, 78), cell(String(value), 22, { bold: true })] })),
  });
}

/**
 * A document table: its title as Heading 1, each group heading as a real heading (depth 0 is
 * Heading 2), and the rows under each heading as a Word table whose heading row repeats.
 */
function wordTable(table: DocTable): FileChild[] {
  const total = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * 100);
  const out: FileChild[] = [heading(table.title, 0)];
  let rows: TableRow[] = [];
  let any = false;
  const flush = () => {
    if (rows.length === 0) return;
    const head = new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((c, i) => cell(c.label, widths[i], { header: true })) });
    out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...rows] }));
    // Two tables in a row would merge into one: a paragraph keeps them apart.
    out.push(new Paragraph({ spacing: { after: 60 }, children: [] }));
    rows = [];
  };
  for (const line of table.lines()) {
    any = true;
    if (line.kind === 'group') {
      flush();
      out.push(heading(line.text, line.depth + 1));
    } else {
      rows.push(new TableRow({ cantSplit: true, children: line.cells.map((text, i) => cell(text, widths[i] ?? 10)) }));
    }
  }
  flush();
  if (!any && table.empty) out.push(new Paragraph({ children: [new TextRun({ text: table.empty, italics: true })] }));
  return out;
}

/** The chart's drawing as a PNG (the SVG rendered by resvg, at twice its size for sharp print). */
export function chartPng(chart: DocChart, opts: { width?: number; height?: number; showTitle?: boolean } = {}): Buffer {
  const width = opts.width ?? CHART.width;
  const height = opts.height ?? CHART.height;
  const svg = chartSvg(chart, { width, height, showTitle: opts.showTitle ?? false });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * CHART.scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}

function chartBlock(chart: DocChart): FileChild[] {
  const description = chartLayout(chart, { width: CHART.width, height: CHART.height, showTitle: false }).description;
  return [
    heading(chart.title, 1),
    new Paragraph({
      spacing: { after: 240 },
      children: [
        new ImageRun({
          type: 'png',
          data: chartPng(chart),
          transformation: { width: CHART.width, height: CHART.height },
          altText: { name: chart.title, title: chart.title, description },
        }),
      ],
    }),
  ];
}

function textSection(section: DocTextSection): FileChild[] {
  const out: FileChild[] = [heading(section.heading, 0)];
  if (section.paragraphs.length === 0 && section.empty) out.push(new Paragraph({ children: [new TextRun({ text: section.empty, italics: true })] }));
  for (const p of section.paragraphs) {
    out.push(heading(p.title, 1));
    out.push(new Paragraph({ keepNext: true, spacing: { after: 80 }, children: [new TextRun({ text: p.meta, italics: true, size: SIZE.small, color: COLOURS.muted })] }));
    for (const text of p.text.split(/\n+/)) out.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun(text)] }));
  }
  return out;
}
