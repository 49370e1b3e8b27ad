import ExcelJS from 'exceljs';
import { InvalidInputException } from '../common/api-error';
import { decodeText, detectDelimiter, readTable } from './table-reader';

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
});
