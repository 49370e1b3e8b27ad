import PDFDocument from 'pdfkit';
import { ROWS_PER_CHECK, whileBuffered, type WriterOptions } from './backpressure';
import { chartLayout } from './chart-svg';
import type { DocChart, DocTable, DocTextSection, ReportDocument } from './document';

// A4 landscape: wide tables with long texts read best across the page.
const MARGIN = { top: 72, bottom: 48, left: 40, right: 40 };
const PAD = 3;
const BODY = 8.5;
/** Levels of headings a table may have (the follow-up hierarchy has four). */
const HIERARCHY_DEPTH = 4;
const COLOURS = { header: '#1f3864', rule: '#bfbfbf', groups: ['#d9e2f3', '#e7eef8', '#f1f5fb', '#f7f9fc'], muted: '#555555' };

/** The PDF standard fonts encode Windows-1252: anything outside it is spelled out or replaced, never garbled. */
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const REPLACEMENTS: Record<string, string> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=', '≠': '!=', '\u2212': '-', '\u2009': ' ', '\u200b': '' };
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.includes(ch)) out += ch;
    else if (ch === '\t') out += ' ';
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}

/**
 * Streams an A4 report with pdfkit: on every page the municipality, the boards (or
 * programme) and the cut-off date in the header and "Sida N av M" in the footer; a
 * summary, then the tables with grouped rows, their headings repeated on each page, then
 * the charts (drawn as vectors) and the running text (analyses).
 * Each finished page is flushed; writing pauses while the reader lags behind. The page
 * count M is not known while pages stream out, so each footer shows a small form XObject
 * that is written at the end, once the count is known (pages stay unbuffered).
 */
export function writePdf(doc: ReportDocument, options: WriterOptions = {}): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: false,
    lang: doc.language === 'sv' ? 'sv-SE' : 'en-GB',
    info: { Title: winAnsi(doc.title), Author: winAnsi(doc.header.organisation), Subject: winAnsi(doc.header.subject), Creator: 'Fullfölj' },
  });
  let pageNumber = 0;
  const footers: PageFooter[] = [];
  pdf.on('pageAdded', () => {
    pageNumber += 1;
    footers.push(decorate(pdf, doc, pageNumber));
  });
  (async () => {
    pdf.addPage();
    const width = usableWidth(pdf);
    pdf.font('Helvetica-Bold').fontSize(16).fillColor('black').text(winAnsi(doc.title), MARGIN.left, pdf.y, { width });
    pdf.moveDown(0.6);
    pdf.font('Helvetica-Bold').fontSize(11).text(winAnsi(doc.summaryHeading), { width });
    pdf.moveDown(0.3);
    pdf.font('Helvetica').fontSize(10);
    for (const sentence of doc.summary) {
      pdf.text(winAnsi(sentence), MARGIN.left, pdf.y, { width });
      pdf.moveDown(0.2);
    }
    pdf.moveDown(0.5);
    facts(pdf, doc.facts);
    for (const table of doc.tables) {
      await drawTable(pdf, table, options);
    }
    if (doc.charts && doc.charts.length > 0) await drawCharts(pdf, doc.charts, doc.labels.charts ?? (doc.language === 'sv' ? 'Diagram' : 'Charts'), options);
    for (const section of doc.texts ?? []) await drawTextSection(pdf, section, options);
    writePageNumbers(pdf, doc, footers);
    pdf.end();
  })().catch((error: unknown) => pdf.destroy(error as Error));
  return pdf;
}

function usableWidth(pdf: PDFKit.PDFDocument): number {
  return pdf.page.width - MARGIN.left - MARGIN.right;
}

function bottomLimit(pdf: PDFKit.PDFDocument): number {
  return pdf.page.height - MARGIN.bottom;
}

/** Where a page's "Sida N av M" goes: a form XObject, written once the page count is known. */
interface PageFooter {
  page: number;
  ref: PDFKit.PDFKitReference;
  width: number;
  height: number;
}

/** pdfkit's current standard font, as far as a form XObject needs it (its resource name, dictionary and encoding). */
interface StandardFontHandle {
  id: string;
  ref(): PDFKit.PDFKitReference;
  encode(text: string): [string[], unknown];
}
const currentFont = (pdf: PDFKit.PDFDocument) => (pdf as unknown as { _font: StandardFontHandle })._font;

const FOOTER_SIZE = 8;

function decorate(pdf: PDFKit.PDFDocument, doc: ReportDocument, page: number): PageFooter {
  const width = usableWidth(pdf);
  const { x } = pdf;
  const bottomMargin = pdf.page.margins.bottom;
  pdf.page.margins.bottom = 0; // text below the margin must not start a new page
  pdf.save();
  pdf.font('Helvetica-Bold').fontSize(10).fillColor('black').text(winAnsi(doc.header.organisation), MARGIN.left, 28, { width: width * 0.6, lineBreak: false, ellipsis: true });
  pdf.font('Helvetica').fontSize(9).text(winAnsi(doc.header.subject), MARGIN.left, 42, { width: width * 0.6, lineBreak: false, ellipsis: true });
  pdf.font('Helvetica').fontSize(9).text(winAnsi(doc.header.date), MARGIN.left + width * 0.6, 28, { width: width * 0.4, align: 'right', lineBreak: false });
  pdf.moveTo(MARGIN.left, 58).lineTo(MARGIN.left + width, 58).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  const footerY = pdf.page.height - MARGIN.bottom + 18;
  pdf.font('Helvetica').fontSize(FOOTER_SIZE).fillColor(COLOURS.muted).text(winAnsi(doc.title), MARGIN.left, footerY, { width: width * 0.75, lineBreak: false, ellipsis: true });
  // "Sida N av M", right-aligned in a box of its own, drawn from a form XObject filled in at the end.
  const box = { x: MARGIN.left + width * 0.75, y: footerY, width: width * 0.25, height: 12 };
  const font = currentFont(pdf);
  const ref = pdf.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, box.width, box.height], Resources: { Font: { [font.id]: font.ref() } } });
  const name = `Pg${page}`;
  (pdf.page.xobjects as Record<string, PDFKit.PDFKitReference>)[name] = ref;
  pdf.save();
  // pdfkit's user space runs downwards; the form's runs upwards like PDF's own.
  pdf.transform(1, 0, 0, -1, box.x, box.y + box.height);
  pdf.addContent(`/${name} Do`);
  pdf.restore();
  pdf.restore();
  pdf.fillColor('black');
  pdf.page.margins.bottom = bottomMargin;
  pdf.x = x;
  pdf.y = MARGIN.top;
  return { page, ref, width: box.width, height: box.height };
}

/** Writes each page's footer form, now that the number of pages is known. */
function writePageNumbers(pdf: PDFKit.PDFDocument, doc: ReportDocument, footers: PageFooter[]): void {
  const of = doc.labels.of ?? (doc.language === 'sv' ? 'av' : 'of');
  pdf.font('Helvetica').fontSize(FOOTER_SIZE);
  const font = currentFont(pdf);
  // Helvetica's ascender (718/1000 em) below the box's top: where pdfkit puts a line whose top is there.
  const ascent = (718 / 1000) * FOOTER_SIZE;
  const [r, g, b] = [0x55, 0x55, 0x55].map((c) => (c / 255).toFixed(3));
  for (const footer of footers) {
    const text = winAnsi(`${doc.labels.page} ${footer.page} ${of} ${footers.length}`);
    const x = footer.width - pdf.widthOfString(text);
    const hex = font.encode(text)[0].map((c) => c.padStart(2, '0')).join('');
    footer.ref.end(`BT ${r} ${g} ${b} rg /${font.id} ${FOOTER_SIZE} Tf ${x.toFixed(2)} ${(footer.height - ascent).toFixed(2)} Td <${hex}> Tj ET`);
  }
}

function facts(pdf: PDFKit.PDFDocument, rows: Array<[string, number | string]>): void {
  if (rows.length === 0) return;
  const labelWidth = 230;
  const valueWidth = 60;
  pdf.fontSize(9);
  for (const [label, value] of rows) {
    const h = Math.max(pdf.font('Helvetica').heightOfString(winAnsi(label), { width: labelWidth - 2 * PAD }), 10) + 2 * PAD;
    if (pdf.y + h > bottomLimit(pdf)) pdf.addPage();
    const y = pdf.y;
    pdf.rect(MARGIN.left, y, labelWidth + valueWidth, h).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
    pdf.font('Helvetica').fillColor('black').text(winAnsi(label), MARGIN.left + PAD, y + PAD, { width: labelWidth - 2 * PAD });
    pdf.font('Helvetica-Bold').text(String(value), MARGIN.left + labelWidth + PAD, y + PAD, { width: valueWidth - 2 * PAD, align: 'right' });
    pdf.y = y + h;
  }
  pdf.x = MARGIN.left;
  pdf.moveDown(1);
}

async function drawTable(pdf: PDFKit.PDFDocument, table: DocTable, options: WriterOptions): Promise<void> {
  const width = usableWidth(pdf);
  const total = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * width);
  const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const maxRowHeight = bottomLimit(pdf) - MARGIN.top - 40;

  const headerHeight = () => {
    pdf.font('Helvetica-Bold').fontSize(BODY);
    return Math.max(...table.columns.map((c, i) => pdf.heightOfString(winAnsi(c.label), { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  };
  const drawHeader = () => {
    const h = headerHeight();
    const y = pdf.y;
    pdf.rect(MARGIN.left, y, width, h).fill(COLOURS.header);
    pdf.fillColor('white').font('Helvetica-Bold').fontSize(BODY);
    table.columns.forEach((c, i) => pdf.text(winAnsi(c.label), xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD }));
    pdf.fillColor('black');
    pdf.y = y + h;
  };
  const newPage = () => {
    pdf.addPage();
    drawHeader();
  };

  // The title, the heading row and the first headings and row stay together.
  pdf.font('Helvetica-Bold').fontSize(12);
  if (pdf.y + 16 + headerHeight() + HIERARCHY_DEPTH * 16 + 40 > bottomLimit(pdf)) pdf.addPage();
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('black').text(winAnsi(table.title), MARGIN.left, pdf.y, { width });
  pdf.moveDown(0.3);
  drawHeader();

  let count = 0;
  for (const line of table.lines()) {
    count += 1;
    if (line.kind === 'group') {
      const indent = line.depth * 8;
      const text = winAnsi(line.text);
      pdf.font('Helvetica-Bold').fontSize(line.depth === 0 ? 10 : 9);
      const h = Math.min(pdf.heightOfString(text, { width: width - indent - 2 * PAD }) + 2 * PAD, maxRowHeight);
      // A heading is not left alone at the foot of a page: room for it, the headings below it and a row.
      if (pdf.y + h + (HIERARCHY_DEPTH - line.depth) * 16 + 20 > bottomLimit(pdf)) newPage();
      const y = pdf.y;
      pdf.rect(MARGIN.left, y, width, h).fill(COLOURS.groups[Math.min(line.depth, COLOURS.groups.length - 1)]);
      pdf.fillColor('black').font('Helvetica-Bold').fontSize(line.depth === 0 ? 10 : 9);
      pdf.text(text, MARGIN.left + indent + PAD, y + PAD, { width: width - indent - 2 * PAD });
      pdf.y = y + h;
    } else {
      pdf.font('Helvetica').fontSize(BODY);
      const cells = line.cells.map(winAnsi);
      const needed = Math.max(10, ...cells.map((text, i) => (text ? pdf.heightOfString(text, { width: widths[i] - 2 * PAD }) : 0))) + 2 * PAD;
      const h = Math.min(needed, maxRowHeight);
      if (pdf.y + h > bottomLimit(pdf)) newPage();
      pdf.font('Helvetica').fontSize(BODY).fillColor('black');
      const y = pdf.y;
      // Only a row taller than a page is cut (with an ellipsis); pdfkit's ellipsis would otherwise clip a last line that fits.
      const clip = needed > maxRowHeight ? { height: h - 2 * PAD, ellipsis: true } : {};
      cells.forEach((text, i) => {
        if (text) pdf.text(text, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD, ...clip });
      });
      pdf.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + width, y + h).lineWidth(0.3).strokeColor(COLOURS.rule).stroke();
      pdf.y = y + h;
    }
    if (count % ROWS_PER_CHECK === 0) await whileBuffered(pdf, options.highWaterMark);
  }
  if (count === 0 && table.empty) {
    pdf.font('Helvetica-Oblique').fontSize(BODY).text(winAnsi(table.empty), MARGIN.left + PAD, pdf.y + PAD, { width });
  }
  pdf.x = MARGIN.left;
  pdf.moveDown(1);
}

const CHART_HEIGHT = 215;
const CHART_GAP = 16;

/** The charts two by two, each in a thin frame; a row is never split across pages. */
async function drawCharts(pdf: PDFKit.PDFDocument, charts: DocChart[], heading: string, options: WriterOptions): Promise<void> {
  const width = usableWidth(pdf);
  const boxWidth = (width - CHART_GAP) / 2;
  pdf.font('Helvetica-Bold').fontSize(12);
  if (pdf.y + 20 + CHART_HEIGHT > bottomLimit(pdf)) pdf.addPage();
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('black').text(winAnsi(heading), MARGIN.left, pdf.y, { width });
  pdf.moveDown(0.4);
  for (let i = 0; i < charts.length; i += 2) {
    if (pdf.y + CHART_HEIGHT > bottomLimit(pdf)) pdf.addPage();
    const y = pdf.y;
    charts.slice(i, i + 2).forEach((chart, j) => drawChart(pdf, chart, MARGIN.left + j * (boxWidth + CHART_GAP), y, boxWidth, CHART_HEIGHT));
    pdf.x = MARGIN.left;
    pdf.y = y + CHART_HEIGHT + CHART_GAP;
    await whileBuffered(pdf, options.highWaterMark);
  }
  pdf.moveDown(0.5);
}

/** One chart, from the same layout as its SVG, with pdfkit's paths and the standard fonts' real widths. */
function drawChart(pdf: PDFKit.PDFDocument, chart: DocChart, left: number, top: number, width: number, height: number): void {
  const measure = (text: string, size: number, bold: boolean) => pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).widthOfString(winAnsi(text));
  const layout = chartLayout(chart, { width, height, measure });
  pdf.save();
  pdf.rect(left, top, width, height).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  for (const s of layout.shapes) {
    switch (s.kind) {
      case 'rect':
        pdf.rect(left + s.x, top + s.y, s.width, s.height).fill(s.fill);
        break;
      case 'line':
        pdf.save();
        if (s.dash) pdf.dash(s.dash[0], { space: s.dash[1] });
        pdf.moveTo(left + s.x1, top + s.y1).lineTo(left + s.x2, top + s.y2).lineWidth(s.width).strokeColor(s.stroke).stroke();
        if (s.dash) pdf.undash();
        pdf.restore();
        break;
      case 'diamond':
        pdf
          .polygon([left + s.cx, top + s.cy - s.r], [left + s.cx + s.r, top + s.cy], [left + s.cx, top + s.cy + s.r], [left + s.cx - s.r, top + s.cy])
          .lineWidth(0.75)
          .fillAndStroke(s.fill, '#ffffff');
        break;
      case 'circle':
        pdf.circle(left + s.cx, top + s.cy, s.r).lineWidth(0.75).fillAndStroke(s.fill, '#ffffff');
        break;
      case 'text': {
        const text = winAnsi(s.text);
        const w = measure(s.text, s.size, s.bold ?? false);
        const x = s.anchor === 'middle' ? s.x - w / 2 : s.anchor === 'end' ? s.x - w : s.x;
        pdf
          .font(s.bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(s.size)
          .fillColor(s.fill)
          .text(text, left + x, top + s.y, { lineBreak: false, baseline: 'alphabetic' });
        break;
      }
    }
  }
  pdf.restore();
  pdf.fillColor('black');
}

/** Running text: a heading, then each paragraph's title, its line of status and its text. */
async function drawTextSection(pdf: PDFKit.PDFDocument, section: DocTextSection, options: WriterOptions): Promise<void> {
  const width = usableWidth(pdf);
  // Lines of about 90 characters read better than the whole landscape width.
  const measure = Math.min(width, 560);
  pdf.font('Helvetica-Bold').fontSize(12);
  if (pdf.y + 80 > bottomLimit(pdf)) pdf.addPage();
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('black').text(winAnsi(section.heading), MARGIN.left, pdf.y, { width });
  pdf.moveDown(0.4);
  if (section.paragraphs.length === 0 && section.empty) {
    pdf.font('Helvetica-Oblique').fontSize(10).text(winAnsi(section.empty), MARGIN.left, pdf.y, { width: measure });
  }
  for (const p of section.paragraphs) {
    const title = winAnsi(p.title);
    const meta = winAnsi(p.meta);
    // The title and its status stay with the first lines of the text.
    const head = pdf.font('Helvetica-Bold').fontSize(10).heightOfString(title, { width: measure }) + pdf.font('Helvetica-Oblique').fontSize(8.5).heightOfString(meta, { width: measure });
    if (pdf.y + head + 40 > bottomLimit(pdf)) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, MARGIN.left, pdf.y, { width: measure });
    pdf.font('Helvetica-Oblique').fontSize(8.5).fillColor(COLOURS.muted).text(meta, MARGIN.left, pdf.y, { width: measure });
    pdf.moveDown(0.2);
    pdf.font('Helvetica').fontSize(10).fillColor('black').text(winAnsi(p.text), MARGIN.left, pdf.y, { width: measure });
    pdf.moveDown(0.8);
    await whileBuffered(pdf, options.highWaterMark);
  }
  pdf.x = MARGIN.left;
  pdf.moveDown(0.5);
}
