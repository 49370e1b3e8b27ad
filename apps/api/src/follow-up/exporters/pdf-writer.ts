import PDFDocument from 'pdfkit';
import { ROWS_PER_CHECK, whileBuffered, type WriterOptions } from './backpressure';
import type { DocTable, ReportDocument } from './document';

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
 * programme) and the cut-off date in the header and the page number in the footer; a
 * summary, then the tables with grouped rows, their headings repeated on each page.
 * Each finished page is flushed; writing pauses while the reader lags behind.
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
  pdf.on('pageAdded', () => {
    pageNumber += 1;
    decorate(pdf, doc, pageNumber);
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

function decorate(pdf: PDFKit.PDFDocument, doc: ReportDocument, page: number): void {
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
  pdf.font('Helvetica').fontSize(8).fillColor(COLOURS.muted).text(winAnsi(doc.title), MARGIN.left, footerY, { width: width * 0.75, lineBreak: false, ellipsis: true });
  pdf.text(`${winAnsi(doc.labels.page)} ${page}`, MARGIN.left + width * 0.75, footerY, { width: width * 0.25, align: 'right', lineBreak: false });
  pdf.restore();
  pdf.fillColor('black');
  pdf.page.margins.bottom = bottomMargin;
  pdf.x = x;
  pdf.y = MARGIN.top;
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
