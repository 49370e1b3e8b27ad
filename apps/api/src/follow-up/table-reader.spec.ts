import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { InvalidInputException } from '../common/api-error';
import { decodeText, detectDelimiter, readTable } from './table-reader';
import { UnpackedTooLargeException, ZIP_LIMITS } from './zip-limits';

const file = (content: string | Buffer, originalname = 'plan.csv') => {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return { originalname, size: buffer.length, buffer };
};

describe('reading uploaded tables', () => {
  it('reads Windows-1252 CSV as Swedish Excel saves it, with semicolons', async () => {
    const cp1252 = Buffer.from('Aktivitet;Nämnd;Slutfört\r\nLäsfrämjande insatser;BoU;Förskjuts till hösten 2023\r\n', 'latin1');
    expect(decodeText(cp1252)).toContain('Läsfrämjande');
    const table = await readTable(file(cp1252));
    expect(table).toEqual({
      format: 'csv',
      sheet: null,
      rows: [
        { rowNumber: 1, cells: ['Aktivitet', 'Nämnd', 'Slutfört'] },
        { rowNumber: 2, cells: ['Läsfrämjande insatser', 'BoU', 'Förskjuts till hösten 2023'] },
      ],
    });
  });

  it('finds the separator and numbers rows as a spreadsheet shows them, blank lines and quoted line breaks included', async () => {
    expect(detectDelimiter('Aktivitet,Nämnd,"Slutfört; månad"\n')).toBe(',');
    expect(detectDelimiter('Aktivitet\tNämnd\n')).toBe('\t');
    const table = await readTable(file('\ufeffAktivitet,Kommentar\n\n"A","rad 1\nrad 2"\nB,x\n'));
    expect(table.rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['Aktivitet', 'Kommentar']],
      [2, ['']],
      [3, ['A', 'rad 1\nrad 2']],
      [4, ['B', 'x']],
    ]);
  });

  it('reads the sheet of a workbook that holds the table, whatever comes first', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Framsida').addRow(['Uppföljning 2022']);
    const data = workbook.addWorksheet('Data');
    data.addRow(['Perspektiv', 'Aktivitet', 'Nämnd', 'Slutfört', 'Status']);
    data.addRow(['Medborgare', { richText: [{ text: 'Läs' }, { text: 'främjande' }] }, 'BoU', 'December*', { formula: '"Pågår"', result: 'Pågår' }]);
    data.addRow(['Ekonomi', 'Budget', 'BiN', 2023, null]);
    const table = await readTable(file(Buffer.from(await workbook.xlsx.writeBuffer()), 'plan.xlsx'));
    expect(table.format).toBe('xlsx');
    expect(table.sheet).toBe('Data');
    expect(table.rows).toEqual([
      { rowNumber: 1, cells: ['Perspektiv', 'Aktivitet', 'Nämnd', 'Slutfört', 'Status'] },
      { rowNumber: 2, cells: ['Medborgare', 'Läsfrämjande', 'BoU', 'December*', 'Pågår'] },
      { rowNumber: 3, cells: ['Ekonomi', 'Budget', 'BiN', '2023'] },
    ]);
  });

  it.each([
    [file(''), 'is empty'],
    [file('PK\u0003\u0004 inte en zip', 'plan.xlsx'), 'is not a readable XLSX workbook'],
    [file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'plan.xls'), 'old Excel (.xls)'],
    [file('Aktivitet;Nämnd\n"A;B\n'), 'is not readable CSV'],
  ])('refuses a file that cannot be read, naming the field', async (upload, reason) => {
    const error = await readTable(upload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputException);
    expect((error as InvalidInputException).errors).toEqual([{ field: 'file', message: expect.stringContaining(reason) }]);
  });

  describe('zip bombs', () => {
    const SHEET = 'xl/worksheets/sheet1.xml';
    const ROW = '<row><c t="inlineStr"><is><t>Kartlägg frånvaro per skolenhet</t></is></c><c t="inlineStr"><is><t>BiN</t></is></c></row>';
    /**
     * A real workbook whose sheet holds `rows` rows: XML packs so well that MBs become KBs.
     * Numbered rows (as ExcelJS needs to read them) or, quicker to make, one row repeated.
     */
    const workbookWithSheet = async (rows: number, numbered = false) => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Data').addRow(['Aktivitet', 'Nämnd']);
      const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
      const row = (r: number) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Kartlägg frånvaro per skolenhet</t></is></c><c r="B${r}" t="inlineStr"><is><t>BiN</t></is></c></row>`;
      const data = numbered ? Array.from({ length: rows }, (_, i) => row(i + 1)).join('') : ROW.repeat(rows);
      const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData></worksheet>`;
      zip.file(SHEET, sheet);
      return { zip, bytes: Buffer.byteLength(sheet) };
    };
    const pack = (zip: JSZip) => zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });

    /** Rewrites the unpacked size the zip declares for `name`, in its local header and its central directory entry. */
    const declare = (buffer: Buffer, name: string, size: number) => {
      const out = Buffer.from(buffer);
      const encoded = Buffer.from(name);
      for (let at = 0; at < out.length - 4; at += 1) {
        const signature = out.readUInt32LE(at);
        if (signature === 0x04034b50 && out.subarray(at + 30, at + 30 + encoded.length).equals(encoded)) out.writeUInt32LE(size, at + 22);
        if (signature === 0x02014b50 && out.subarray(at + 46, at + 46 + encoded.length).equals(encoded)) out.writeUInt32LE(size, at + 24);
      }
      return out;
    };

    // ExcelJS reads a workbook by JSZip.loadAsync, which inflates every part into memory.
    let unpacking: jest.SpiedFunction<typeof JSZip.loadAsync>;
    beforeEach(() => {
      unpacking = jest.spyOn(JSZip, 'loadAsync');
    });
    afterEach(() => unpacking.mockRestore());

    const refusal = async (buffer: Buffer) => {
      unpacking.mockClear(); // the test's own building of the zip
      const error = await readTable(file(buffer, 'plan.xlsx')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnpackedTooLargeException);
      expect((error as UnpackedTooLargeException).getStatus()).toBe(413);
      const body = (error as UnpackedTooLargeException).getResponse() as { errors: unknown[] };
      expect(body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(body.errors).toEqual([{ field: 'file', code: 'file_too_large_unpacked', message: expect.any(String) }]);
      // Refused from the zip's own directory: the workbook reader never ran.
      expect(unpacking).not.toHaveBeenCalled();
      return body.errors[0] as { message: string };
    };

    it('refuses a small file that declares more unpacked bytes than an import reads, before unpacking it', async () => {
      const { zip, bytes } = await workbookWithSheet(Math.ceil(ZIP_LIMITS.maxUnpackedBytes / Buffer.byteLength(ROW)));
      const buffer = await pack(zip);
      expect(bytes).toBeGreaterThan(ZIP_LIMITS.maxUnpackedBytes);
      expect(buffer.length).toBeLessThan(1024 * 1024);
      expect((await refusal(buffer)).message).toBe('unpacks to more than 32 MB, the most an import reads');
    });

    it('refuses a part packed a thousand times over even when the total is within the limit', async () => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file(SHEET, '0'.repeat(8 * 1024 * 1024));
      expect((await refusal(await pack(zip))).message).toBe('is packed more than 100 times over, which no spreadsheet is');
    });

    it('refuses a zip that lies about its sizes, inflating no more than it declared', async () => {
      const { zip, bytes } = await workbookWithSheet(10_000);
      const lying = declare(await pack(zip), SHEET, 4096);
      expect(bytes).toBeGreaterThan(1024 * 1024);
      expect((await refusal(lying)).message).toBe('holds a part that unpacks to more than it declares');
    });

    it('refuses a zip of more parts than a workbook has', async () => {
      const zip = new JSZip();
      for (let i = 0; i <= ZIP_LIMITS.maxEntries; i += 1) zip.file(`part-${i}.xml`, '<x/>');
      expect((await refusal(await pack(zip))).message).toBe(`has ${ZIP_LIMITS.maxEntries + 1} parts; a workbook to import has at most ${ZIP_LIMITS.maxEntries}`);
    });

    it('still reads a large ordinary workbook', async () => {
      const { zip } = await workbookWithSheet(2000, true);
      unpacking.mockRestore();
      const table = await readTable(file(await pack(zip), 'plan.xlsx'));
      expect(table.rows).toHaveLength(2000);
      expect(table.rows[1999].cells).toEqual(['Kartlägg frånvaro per skolenhet', 'BiN']);
    });
  });
});
