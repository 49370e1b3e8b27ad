import { parseFollowUpTable, type RawRow } from './table';

const boards = [
  { code: 'BiN', name: 'Bildningsnämnden' },
  { code: 'BoU', name: 'Barn- och ungdomsnämnden' },
];
const HEADER = ['Perspektiv', 'Kommunövergripande mål', 'Nämndmål', 'Strategiskt utvecklingsuppdrag', 'Aktivitet', 'Nämnd', 'Slutfört', 'Status', 'Kommentar'];

function table(...rows: Array<Array<string | null>>): RawRow[] {
  return rows.map((cells, i) => ({ rowNumber: i + 1, cells }));
}

describe('reading a follow-up table', () => {
  it('reads every row into an activity with its hierarchy, boards, due date, status and comment', () => {
    const result = parseFollowUpTable(
      table(
        HEADER,
        ['Medborgare', 'Alla ska lyckas', 'Fler elever når målen', 'Fullföljd utbildning', 'Kartlägga frånvaro', 'BiN och BoU', 'Maj/November*', 'Pågår', 'Data från tre skolor'],
        ['Medborgare', 'Alla ska lyckas', 'Fler elever når målen', '', 'Läsfrämjande insatser', 'bou', 'December', 'Genomfört', ''],
        [null, null, null, null, null, null, null, null, null],
        ['Ekonomi', '', '', '', 'Se över lokalkostnader', 'BiN', 'Förskjuts till hösten 2023', 'Förskjuten', null],
      ),
      { year: 2022, boards },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.headerRow).toBe(1);
    expect(result.activities).toHaveLength(3);
    expect(result.activities[0]).toMatchObject({
      rowNumber: 2,
      hierarchy: { perspective: 'Medborgare', municipalGoal: 'Alla ska lyckas', boardGoal: 'Fler elever når målen', strategicAssignment: 'Fullföljd utbildning' },
      activity: 'Kartlägga frånvaro',
      boards: ['BiN', 'BoU'],
      due: { months: [5, 11], year: 2022, term: null, postponed: false },
      moved: true,
      status: 'in_progress',
      comment: 'Data från tre skolor',
      occurrence: 0,
    });
    expect(result.activities[1]).toMatchObject({ rowNumber: 3, hierarchy: { strategicAssignment: null }, boards: ['BoU'], status: 'done', comment: null });
    expect(result.activities[2]).toMatchObject({ rowNumber: 5, due: { year: 2023, term: 'autumn', postponed: true }, status: 'postponed' });
  });

  it('finds the heading below a title, in any order, tolerant of case and spacing, and ignores other columns', () => {
    const result = parseFollowUpTable(
      table(
        ['Uppföljning av verksamhetsplan 2022 per 31 augusti'],
        [],
        ['  STATUS', 'aktivitet ', 'Nämnd', 'slutfört', 'Ansvarig', 'nämndmål'],
        ['pågående', 'Kartlägga frånvaro', 'BiN', 'oktober', 'Lars', 'Fler elever når målen'],
      ),
      { year: 2022, boards },
    );
    expect(result).toMatchObject({ ok: true, headerRow: 3, ignoredColumns: ['Ansvarig'] });
    expect(result.ok && result.activities[0]).toMatchObject({ rowNumber: 4, status: 'in_progress', hierarchy: { boardGoal: 'Fler elever når målen', perspective: null } });
  });

  it('counts occurrences of the same activity under the same goal, and keys activities regardless of case and spacing', () => {
    const result = parseFollowUpTable(
      table(
        HEADER,
        ['Medborgare', 'Mål A', 'Nämndmål 1', '', 'Kompetensutveckling', 'BiN', 'December', '', ''],
        ['Medborgare', 'Mål A', 'Nämndmål 2', '', 'Kompetensutveckling', 'BiN', 'December', '', ''],
        ['medborgare', 'mål  a', 'NÄMNDMÅL 1', '', 'kompetensutveckling', 'BiN', 'December', '', ''],
      ),
      { year: 2022, boards },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [a, b, c] = result.activities;
    expect([a.occurrence, b.occurrence, c.occurrence]).toEqual([0, 0, 1]);
    expect(new Set(result.activities.map((x) => x.naturalKey)).size).toBe(3);
    expect(a.naturalKey.replace(/0$/, '1')).toBe(c.naturalKey);
    expect(a.status).toBeNull();
  });

  it('reports every problem with its row, column, value and reason, and takes nothing', () => {
    const result = parseFollowUpTable(
      table(
        HEADER,
        ['Medborgare', '', '', '', 'Kartlägga frånvaro', 'BiN', 'December', 'Pågår', ''],
        ['Medborgare', '', '', '', '', 'BiN', 'December', 'Pågår', ''],
        ['Medborgare', '', '', '', 'Läsa mer', 'KS', 'Decembr', 'Nästan klar', ''],
      ),
      { year: 2022, boards },
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { row: 3, column: 'Aktivitet', value: '', reason: 'is required: one activity per row' },
        { row: 4, column: 'Nämnd', value: 'KS', reason: '"KS" is not one of the plan\'s boards (BiN, BoU)' },
        { row: 4, column: 'Status', value: 'Nästan klar', reason: expect.stringContaining('is not a follow-up status') },
        { row: 4, column: 'Slutfört', value: 'Decembr', reason: expect.stringContaining('"decembr" is not a month') },
      ],
    });
  });

  it('names missing and doubled columns at the heading row', () => {
    expect(parseFollowUpTable(table(['Aktivitet', 'Status'], ['x', 'Pågår']), { year: 2022, boards })).toEqual({
      ok: false,
      issues: [
        { row: 1, column: 'Nämnd', value: null, reason: 'column is missing' },
        { row: 1, column: 'Slutfört', value: null, reason: 'column is missing' },
      ],
    });
    const doubled = parseFollowUpTable(table(['Aktivitet', 'Nämnd', 'Slutfört', 'Status', 'status']), { year: 2022, boards });
    expect(doubled).toEqual({ ok: false, issues: [{ row: 1, column: 'status', value: 'status', reason: 'is a second "Status" column' }] });
    const none = parseFollowUpTable(table(['Namn', 'Datum'], ['a', 'b']), { year: 2022, boards });
    expect(none.ok).toBe(false);
    expect(!none.ok && none.issues[0].reason).toMatch(/no heading row found/);
  });

  it('refuses a blank Slutfört, as the follow-up README says, and takes ISO dates', () => {
    const result = parseFollowUpTable(table(HEADER, ['', '', '', '', 'Utan slut', 'BiN', '', 'Pågår', ''], ['', '', '', '', 'Med datum', 'BiN', '2022-11-30', 'Pågår', '']), { year: 2022, boards });
    expect(result).toEqual({
      ok: false,
      issues: [{ row: 2, column: 'Slutfört', value: '', reason: 'is required: when the activity is to be done, e.g. "December", "Hösten" or "2022-11-30"' }],
    });
    const dated = parseFollowUpTable(table(HEADER, ['', '', '', '', 'Med datum', 'BiN', '2022-11-30', 'Pågår', '']), { year: 2022, boards });
    expect(dated.ok && dated.activities[0].due).toEqual({ months: [11], year: 2022, term: null, postponed: false, day: 30 });
  });

  it('takes the postponement from the Status column when Slutfört is blank', () => {
    const result = parseFollowUpTable(table(HEADER, ['', '', '', '', 'Ny lärplattform', 'BiN', '', 'Förskjuts till 2023', '']), { year: 2022, boards });
    expect(result.ok && result.activities[0]).toMatchObject({ status: 'postponed', due: { year: 2023, postponed: true } });
  });

  it('keeps line breaks inside a comment but tidies the spacing', () => {
    const result = parseFollowUpTable(table(HEADER, ['', '', '', '', 'A', 'BiN', 'Maj', 'Pågår', '  Rad ett \r\n\r\n\r\n  rad  två ']), { year: 2022, boards });
    expect(result.ok && result.activities[0].comment).toBe('Rad ett\n\nrad två');
  });
});

describe('spelling of the hierarchy', () => {
  it('uses the first spelling of a goal for rows that write it with other case or spacing', () => {
    const result = parseFollowUpTable(
      table(
        HEADER,
        ['Medborgare', 'Mål A', 'Fler elever når målen', '', 'A', 'BiN', 'Maj', '', ''],
        ['MEDBORGARE', 'mål  a', ' FLER ELEVER NÅR MÅLEN ', '', 'B', 'BiN', 'Maj', '', ''],
      ),
      { year: 2022, boards },
    );
    expect(result.ok && result.activities.map((a) => a.hierarchy)).toEqual([
      { perspective: 'Medborgare', municipalGoal: 'Mål A', boardGoal: 'Fler elever når målen', strategicAssignment: null },
      { perspective: 'Medborgare', municipalGoal: 'Mål A', boardGoal: 'Fler elever når målen', strategicAssignment: null },
    ]);
  });
});
