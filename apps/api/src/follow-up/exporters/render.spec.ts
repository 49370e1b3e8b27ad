import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import JSZip from 'jszip';
import { openXlsx, sheetRows } from '../fixtures/report-files';
import { REPORT_FORMATS } from '../dto/report-query.dto';
import { followUpDocument } from './follow-up-document';
import { halmstadReport } from './indicator-report.fixture';
import { render } from './render';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('render', () => {
  it('offers Word as a format, as a download with its own content type and file name', async () => {
    expect(REPORT_FORMATS).toContain('docx');
    const file = render(halmstadReport('sv'), 'docx', followUpDocument) as StreamableFile;
    expect(file).toBeInstanceOf(StreamableFile);
    expect(file.getHeaders()).toMatchObject({
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      disposition: `attachment; filename="uppfoljning-fullfoljd-utbildning-2022-2023-2023-06-30.docx"; filename*=UTF-8''uppfoljning-fullfoljd-utbildning-2022-2023-2023-06-30.docx`,
    });
    const zip = await JSZip.loadAsync(await readAll(file.getStream()));
    expect(zip.file('word/document.xml')).not.toBeNull();
  });

  it('puts the logo it is given on the cover, and none by default', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f30000000049454e44ae426082', 'hex');
    const media = async (file: StreamableFile) => (await JSZip.loadAsync(await readAll(file.getStream()))).file(/^word\/media\//).length;
    const plain = { ...halmstadReport('sv'), indicators: { indicators: [], analyses: [] } };
    expect(await media(render(plain, 'docx', followUpDocument) as StreamableFile)).toBe(0);
    expect(await media(render(plain, 'docx', followUpDocument, { logo: { file: 'logo.png', type: 'png', data: png, width: 1, height: 1 } }) as StreamableFile)).toBe(1);
  });

  it('carries the indicator table in the XLSX too', async () => {
    const file = render(halmstadReport('sv'), 'xlsx', followUpDocument) as StreamableFile;
    const workbook = await openXlsx(await readAll(file.getStream()));
    const rows = sheetRows(workbook.worksheets[0]);
    const at = rows.findIndex((r) => r[0] === 'Indikatorer');
    expect(at).toBeGreaterThan(0);
    expect(rows[at + 1].slice(0, 6)).toEqual(['Period', 'Målvärde', 'Utfall', 'Måluppfyllelse', 'Trend', 'Kommentar']);
    expect(rows[at + 2][0]).toBe('Kvantitativ kompetens · Procent · Högre är bättre · Utgångsvärde 38 % (HT 2021)');
    expect(rows[at + 4].slice(0, 6)).toEqual(['HT 2022', '60 %', '61,5 %', 'Uppnått', 'Förbättring', 'Två skolor genomförde utbildningen under hösten']);
  });
});
