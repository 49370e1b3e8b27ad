import type { Due } from './due';
import type { ActivityState } from './history';
import { buildFollowUpReport, formatLongDate, reportLines, summarise, type PlanInfo } from './report';

const plan: PlanInfo = {
  id: 'p1',
  name: 'Verksamhetsplan 2022',
  municipality: 'Exempelkommun',
  year: 2022,
  boards: [
    { code: 'BiN', name: 'Bildningsnämnden' },
    { code: 'BoU', name: 'Barn- och ungdomsnämnden' },
  ],
};
const month = (m: number, year = 2022): Due => ({ months: [m], year, term: null, postponed: false });
let seq = 0;
function activity(over: Partial<ActivityState> & { perspective?: string; boardGoal?: string }): ActivityState {
  seq += 1;
  const { perspective = 'Medborgare', boardGoal = 'Fler elever når målen', ...rest } = over;
  return {
    id: `a${seq}`,
    position: seq,
    createdSeq: seq,
    createdOn: '2022-08-31',
    hierarchy: { perspective, municipalGoal: null, boardGoal, strategicAssignment: null },
    activity: `Aktivitet ${seq}`,
    boards: ['BiN'],
    due: month(12),
    originalDue: month(12),
    moved: false,
    status: 'in_progress',
    comment: null,
    lastChangedOn: '2022-08-31',
    ...rest,
  };
}

describe('follow-up report', () => {
  const activities = [
    activity({ status: 'done' }),
    activity({ perspective: 'Ekonomi', boardGoal: 'Budget i balans', status: 'in_progress', due: month(10), originalDue: null, moved: true, boards: ['BoU'] }),
    activity({ status: 'remaining', due: { months: [], year: 2023, term: null, postponed: true }, originalDue: month(12), moved: true }),
    activity({ status: null, boards: ['BiN', 'BoU'] }),
    activity({ status: 'done', due: month(9), originalDue: month(11), moved: true }),
  ];

  it('groups rows by the hierarchy in order of first appearance and labels them', () => {
    const report = buildFollowUpReport({ plan, activities, asOf: '2022-08-31' });
    expect(report.rows.map((r) => r.activityId)).toEqual(['a1', 'a3', 'a4', 'a5', 'a2']);
    expect(report.rows.map((r) => r.dueLabel)).toEqual(['December', 'Förskjuts till 2023', 'December', 'September*', 'Oktober*']);
    expect(report.rows.map((r) => r.statusLabel)).toEqual(['Genomfört', 'Kvarstår', '', 'Genomfört', 'Pågående']);
    expect(report.rows.map((r) => r.movement)).toEqual([null, 'later_year', null, 'earlier', 'within_year']);
    expect(report.title).toBe('Uppföljning av Verksamhetsplan 2022 per den 31 augusti 2022');
  });

  it('counts per status and moved deadlines, and says so in Swedish', () => {
    const { summary } = buildFollowUpReport({ plan, activities, asOf: '2022-08-31' });
    expect(summary).toMatchObject({
      total: 5,
      byStatus: { done: 2, in_progress: 1, remaining: 1, paused: 0, postponed: 0, not_reported: 1 },
      movedWithinYear: 1,
      movedToLaterYear: 1,
      movedEarlier: 1,
    });
    expect(summary.sentences).toEqual([
      'Uppföljningen per den 31 augusti 2022 omfattar 5 aktiviteter.',
      '2 aktiviteter är genomförda, 1 pågår, 1 kvarstår och 1 saknar rapporterad status.',
      '1 aktivitet har flyttats till ett senare datum under året och 1 har förskjutits till ett senare år.',
      '1 aktivitet har flyttats till ett tidigare datum.',
    ]);
  });

  it('filters by board and speaks English when asked', () => {
    const report = buildFollowUpReport({ plan, activities, asOf: '2022-08-31', board: plan.boards[1], language: 'en' });
    expect(report.rows.map((r) => r.activityId)).toEqual(['a4', 'a2']);
    expect(report.rows[1].dueLabel).toBe('October*');
    expect(report.summary.sentences).toEqual([
      'The follow-up as of 31 August 2022 covers 2 activities for Barn- och ungdomsnämnden (BoU).',
      '1 activity is in progress and 1 without a reported status.',
      '1 activity has been moved to a later date within the year and none has been postponed to a later year.',
    ]);
  });

  it('reads well when nothing moved or the plan is empty', () => {
    const ctx = { asOf: '2022-12-31', board: null, language: 'sv' as const, plan };
    expect(summarise([], ctx).sentences).toEqual(['Uppföljningen per den 31 december 2022 omfattar 0 aktiviteter.']);
    expect(summarise([{ status: 'done', movement: null }], ctx).sentences).toEqual([
      'Uppföljningen per den 31 december 2022 omfattar 1 aktivitet.',
      '1 aktivitet är genomförd.',
      'Ingen aktivitet har flyttats till ett senare datum.',
    ]);
    expect(summarise([{ status: 'paused', movement: 'later_year' }, { status: 'paused', movement: 'later_year' }], ctx).sentences[2]).toBe(
      'Ingen aktivitet har flyttats till ett senare datum under året och 2 har förskjutits till ett senare år.',
    );
  });

  it('puts a heading wherever a level of the hierarchy changes', () => {
    const report = buildFollowUpReport({ plan, activities, asOf: '2022-08-31' });
    const lines = [...reportLines(report.rows)].map((l) => (l.kind === 'heading' ? `${l.depth}:${l.title}` : l.row.activityId));
    expect(lines).toEqual(['0:Medborgare', '2:Fler elever når målen', 'a1', 'a3', 'a4', 'a5', '0:Ekonomi', '2:Budget i balans', 'a2']);
    expect(formatLongDate('2022-08-31', 'en')).toBe('31 August 2022');
  });
});
