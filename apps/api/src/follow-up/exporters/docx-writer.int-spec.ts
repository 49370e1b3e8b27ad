import { execFile } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import JSZip from 'jszip';
import { docxText, libreOfficeConvert, pdfText, squash } from '../fixtures/report-files';
import { writeDocx } from './docx-writer';
import { followUpDocument } from './follow-up-document';
import { halmstadReport } from './indicator-report.fixture';
import { writePdf } from './pdf-writer';

const run = promisify(execFile);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The figures a board reads in every format: indicator headings, targets, outcomes with their wording, attainment, trend, analyses. */
const FIGURES_SV = [
  'Kvantitativ kompetens · Procent · Högre är bättre · Utgångsvärde 38 % (HT 2021)',
  'Kvalitativ kompetens · Skala 1–5 · Högre är bättre · Utgångsvärde 2 av 5 (HT 2021)',
  'Engagemang/motivation · Skala 1–5 · Högre är bättre · Utgångsvärde 3 av 5 (HT 2021)',
  'Upplevda förutsättningar · Procent · Högre är bättre · Utgångsvärde 55 % (HT 2021)',
  '61,5 %',
  '3 av 5 – Kan beskriva arbetssätten',
  '4 av 5 – Använder arbetssätten i vardagen',
  '3 av 5 – Visst engagemang',
  'Omorganisationen tog kraft under hösten',
  'Två skolor genomförde utbildningen under hösten',
  'Ej uppnått',
  'Nära målet',
  'Försämring',
  'Går enligt plan · Godkänd · version 2',
  'Utbildningen har nått 61,5 procent av personalen, över målet på 60 procent. Två skolor återstår till våren.',
];

describe('Word report (docx)', () => {

  it('needs LibreOffice to check the files (apt-get install libreoffice-writer-nogui)', async () => {
    const { stdout } = await run('soffice', ['--version']);
    expect(stdout).toMatch(/LibreOffice/);
  });

  it('opens in LibreOffice with the cover, contents, headings, tables, charts, analyses and "Sida N av M"', async () => {
    const logo = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="160"><rect width="400" height="160" fill="#005a9c"/></svg>').render().asPng();
    const doc = followUpDocument(halmstadReport('sv'));
    const docx = await readAll(writeDocx(doc, { logo: { file: 'halmstad.png', type: 'png', data: logo, width: 400, height: 160 } }));

    // The package: real heading styles, a table of contents updated on opening, repeated table headings,
    // page fields in the footer, the logo and one picture per chart with alternative text.
    const zip = await JSZip.loadAsync(docx);
    const body = await zip.file('word/document.xml')!.async('string');
    const styles = new Set([...body.matchAll(/<w:pStyle w:val="(\w+)"\/>/g)].map((m) => m[1]));
    expect([...styles]).toEqual(expect.arrayContaining(['Title', 'Heading1', 'Heading2', 'Heading3', 'TOC1']));
    expect(body.match(/<w:instrText[^>]*>(TOC [^<]*)</)?.[1]).toBe('TOC \\h \\o &quot;1-3&quot;');
    expect(body.match(/<w:tblHeader\/>/g)?.length).toBeGreaterThanOrEqual(1 + 4); // the activities' group and each indicator's table
    expect(body.match(/<pic:pic\b/g)?.length).toBe(1 + 4); // the logo and four charts
    expect(body.match(/descr="Kvantitativ kompetens \(Procent\)[^"]*"/)?.[0]).toBe(
      'descr="Kvantitativ kompetens (Procent). VT 2022: Målvärde 50 %, Utfall 46 % (Nära målet). HT 2022: Målvärde 60 %, Utfall 61,5 % (Uppnått). VT 2023: Målvärde 70 %, Utfall 68 % (Nära målet). Utgångsvärde 38 %."',
    );
    expect(body.match(/<w:pgSz [^>]*>/g)).toEqual([
      '<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>',
      '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>',
      '<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>',
    ]);
    expect(await zip.file('word/settings.xml')!.async('string')).toMatch(/<w:updateFields(?: w:val="(?:true|1|on)")?\/>/);
    const footers = await Promise.all(zip.file(/^word\/footer\d*\.xml$/).map((f) => f.async('string')));
    expect(footers.length).toBeGreaterThan(0);
    for (const footer of footers) {
      expect([...footer.matchAll(/<w:instrText[^>]*>([^<]*)</g)].map((m) => m[1].trim())).toEqual(['PAGE', 'NUMPAGES']);
      expect(footer).toContain('>Sida </w:t>');
      expect(footer).toContain('> av </w:t>');
    }
    expect(zip.file(/^word\/media\/.*\.png$/)).toHaveLength(5);

    // Read back as text: the cover, the headings and every figure.
    const text = await docxText(docx);
    const textLines = text.split(/\r?\n/).map((l) => l.trim());
    for (const line of ['Halmstads kommun', 'Barn- och ungdomsnämnden (BUN)', doc.title, 'Per den 30 juni 2023', 'Innehåll', 'Sammanfattning', 'Aktiviteter', 'Indikatorer', 'Diagram', 'Analys och bedömning']) {
      expect(textLines).toContain(line);
    }
    for (const figure of FIGURES_SV) expect(text).toContain(figure);
    for (const sentence of doc.summary) expect(text).toContain(sentence);
    expect(textLines).toEqual(expect.arrayContaining(['Period', 'Målvärde', 'Utfall', 'Måluppfyllelse', 'Trend', 'Kommentar']));

    // LibreOffice's text export leaves footers out: its PDF has them, one "Sida N av M" per page.
    const pdf = await pdfText(await libreOfficeConvert(docx, 'pdf'));
    expect(pdf.pages).toBeGreaterThan(3);
    pdf.text.forEach((page, i) => expect(squash(page)).toContain(squash(`Sida ${i + 1} av ${pdf.pages}`)));
    expect(squash(pdf.text[0])).toContain(squash('Sida 1 av'));
    const all = squash(pdf.text.join(' '));
    for (const figure of FIGURES_SV) expect(all).toContain(squash(figure));
  });

  it('speaks English on request, "Page N of M" in the footer', async () => {
    const doc = followUpDocument(halmstadReport('en'));
    const pdf = await pdfText(await libreOfficeConvert(await readAll(writeDocx(doc)), 'pdf'));
    pdf.text.forEach((page, i) => expect(squash(page)).toContain(squash(`Page ${i + 1} of ${pdf.pages}`)));
    const all = squash(pdf.text.join(' '));
    for (const words of ['Contents', 'Summary', 'Indicators', 'Charts', 'Analysis and judgement', 'Kvantitativ kompetens · Percent · Higher is better · Baseline 38 % (Autumn 2021)', '61.5 %', 'Not met', 'On track · Approved · version 2']) {
      expect(all).toContain(squash(words));
    }
  });

  it('has the same figures in the PDF, its charts drawn as vectors, and "Sida N av M" on every page', async () => {
    const doc = followUpDocument(halmstadReport('sv'));
    const body = await readAll(writePdf(doc));
    const pdf = await pdfText(body);
    pdf.text.forEach((page, i) => {
      expect(page).toContain('Halmstads kommun');
      expect(page).toContain('Per den 30 juni 2023');
      expect(squash(page)).toContain(squash(`Sida ${i + 1} av ${pdf.pages}`));
    });
    const all = squash(pdf.text.join(' '));
    for (const figure of FIGURES_SV) expect(all).toContain(squash(figure));
    // The charts' own words: titles, units, axis steps, legend and value labels.
    for (const words of ['Diagram', 'Skala 1–5', 'Utgångsvärde 38 %', 'Utfall: Nära målet', 'Utfall: Ej uppnått', 'Målvärde']) expect(all).toContain(squash(words));
    // Vectors, not pictures: the PDF embeds no image.
    expect(body.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
  });
});
