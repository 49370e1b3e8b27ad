import { csvStringifier, stringifyCsv } from './csv';

// CSV injection: a cell a spreadsheet would run as a formula comes out as text.
describe('the shared CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', "'+1+2"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', "'\r=1"],
    ['＝1+1', "'＝1+1"],
  ])('escapes the text cell %j', (cell, expected) => {
    expect(stringifyCsv([[cell]], { record_delimiter: '\n' })).toBe(`${expected}\n`);
  });

  it('leaves other text and numbers alone, negative numbers too; text that looks like a negative number is escaped', () => {
    expect(stringifyCsv([['Kartlägg frånvaro', 'a=b', 3, -5, '-5']], { record_delimiter: '\n' })).toBe("Kartlägg frånvaro,a=b,3,-5,'-5\n");
  });

  it('escapes in the streaming writer too, whatever options the caller gives', async () => {
    const csv = csvStringifier({ delimiter: ';', escape_formulas: false });
    const chunks: Buffer[] = [];
    csv.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => csv.on('end', resolve));
    csv.write(['=1+1', 'ok']);
    csv.end();
    await ended;
    expect(Buffer.concat(chunks).toString()).toBe("'=1+1;ok\n");
  });
});
