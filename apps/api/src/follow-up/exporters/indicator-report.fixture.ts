/**
 * Test data: Halmstad's follow-up of its development programme, as of 30 June 2023, with the
 * four indicators of its staff survey measured per term (2022-VT, 2022-HT, 2023-VT) and the
 * administration's analyses. Built with the domain's own report functions, as the API does.
 */
import {
  buildFollowUpReport,
  buildIndicatorReport,
  parseDue,
  type ActivityState,
  type AnalysisEventRecord,
  type AnalysisInput,
  type FollowUpReport,
  type IndicatorDefinition,
  type IndicatorValueRecord,
  type ReportLanguage,
} from '@fullfolj/domain';

export const HALMSTAD_AS_OF = '2023-06-30';

const PLAN = {
  id: '6f1d6d8e-2b4f-4c3a-9a57-1c2f4a0b7e01',
  name: 'Fullföljd utbildning 2022–2023',
  municipality: 'Halmstads kommun',
  year: 2023,
  boards: [{ code: 'BUN', name: 'Barn- och ungdomsnämnden' }],
};

const indicator = (id: string, name: string, description: string, unit: IndicatorDefinition['unit'], baseline: number, targets: Record<string, number>): IndicatorDefinition => ({
  id,
  name,
  description,
  unit,
  direction: 'higher',
  periodicity: 'term',
  baseline: { period: '2021-HT', value: baseline },
  targets,
  responsibleId: null,
  source: { kind: 'manual' },
  reportWithinWorkingDays: 10,
});

export const HALMSTAD_INDICATORS: readonly IndicatorDefinition[] = [
  indicator('kvantitativ', 'Kvantitativ kompetens', 'Andel av personalen som har gått utbildningen i främjande närvaroarbete', { kind: 'percent' }, 38, { '2022-VT': 50, '2022-HT': 60, '2023-VT': 70 }),
  indicator('kvalitativ', 'Kvalitativ kompetens', 'Hur väl personalen kan beskriva och använda arbetssätten (skattning)', { kind: 'scale', min: 1, max: 5 }, 2, { '2022-VT': 3, '2022-HT': 3, '2023-VT': 4 }),
  indicator('engagemang', 'Engagemang/motivation', 'Personalens engagemang i utvecklingsarbetet (skattning)', { kind: 'scale', min: 1, max: 5 }, 3, { '2022-VT': 3, '2022-HT': 4, '2023-VT': 4 }),
  indicator('forutsattningar', 'Upplevda förutsättningar', 'Andel som anser sig ha tid och stöd för arbetet', { kind: 'percent' }, 55, { '2022-VT': 60, '2022-HT': 65, '2023-VT': 70 }),
];

let seq = 0;
const value = (indicatorId: string, period: string, v: number, effectiveOn: string, text: string | null = null, comment: string | null = null): IndicatorValueRecord => ({
  seq: ++seq,
  indicatorId,
  period,
  value: v,
  text,
  comment,
  effectiveOn,
  actorId: null,
  importId: null,
  recordedAt: `${effectiveOn}T10:00:00Z`,
});

export const HALMSTAD_VALUES: readonly IndicatorValueRecord[] = [
  value('kvantitativ', '2022-VT', 46, '2022-07-08'),
  value('kvantitativ', '2022-HT', 61.5, '2023-01-13', null, 'Två skolor genomförde utbildningen under hösten'),
  value('kvantitativ', '2023-VT', 68, '2023-06-20'),
  value('kvalitativ', '2022-VT', 3, '2022-07-08', 'Kan beskriva arbetssätten'),
  value('kvalitativ', '2022-HT', 3, '2023-01-13', 'Kan beskriva arbetssätten'),
  value('kvalitativ', '2023-VT', 4, '2023-06-20', 'Använder arbetssätten i vardagen'),
  value('engagemang', '2022-VT', 4, '2022-07-08', 'Högt engagemang'),
  value('engagemang', '2022-HT', 3, '2023-01-13', 'Visst engagemang', 'Omorganisationen tog kraft under hösten'),
  value('forutsattningar', '2022-VT', 52, '2022-07-08'),
  value('forutsattningar', '2022-HT', 63, '2023-01-13'),
  value('forutsattningar', '2023-VT', 71, '2023-06-20'),
];

const events = (analysisId: string, list: Array<[AnalysisEventRecord['event'], string]>): AnalysisEventRecord[] =>
  list.map(([event, effectiveOn]) => ({ seq: ++seq, analysisId, event, effectiveOn, actorId: null }));

export const HALMSTAD_ANALYSES: readonly AnalysisInput[] = [
  {
    id: 'a-kvantitativ-ht',
    subjectKind: 'indicator',
    subjectKey: 'kvantitativ',
    subject: 'Kvantitativ kompetens',
    period: '2022-HT',
    events: events('a-kvantitativ-ht', [
      [{ type: 'drafted', version: 1, text: 'Utbildningen har nått fler än planerat.', status: 'on_track' }, '2023-01-16'],
      [{ type: 'drafted', version: 2, text: 'Utbildningen har nått 61,5 procent av personalen, över målet på 60 procent. Två skolor återstår till våren.', status: 'on_track' }, '2023-01-20'],
      [{ type: 'marked_ready', version: 2 }, '2023-01-23'],
      [{ type: 'approved', version: 2 }, '2023-01-30'],
    ]),
  },
  {
    id: 'a-engagemang-ht',
    subjectKind: 'indicator',
    subjectKey: 'engagemang',
    subject: 'Engagemang/motivation',
    period: '2022-HT',
    events: events('a-engagemang-ht', [
      [{ type: 'drafted', version: 1, text: 'Engagemanget sjönk under hösten när omorganisationen tog tid från utvecklingsarbetet. Rektorerna följer upp på arbetsplatsträffarna.', status: 'not_on_track' }, '2023-01-18'],
      [{ type: 'marked_ready', version: 1 }, '2023-01-25'],
    ]),
  },
  {
    id: 'a-mal-2023-vt',
    subjectKind: 'goal',
    subjectKey: 'fler elever fullföljer sin utbildning',
    subject: 'Fler elever fullföljer sin utbildning',
    period: '2023-VT',
    events: events('a-mal-2023-vt', [
      [{ type: 'drafted', version: 1, text: 'Tre av fyra indikatorer når eller närmar sig sina mål. Närvaron har ökat på de skolor som gått utbildningen.', status: 'partly' }, '2023-06-26'],
    ]),
  },
];

const activity = (id: string, position: number, text: string, due: string, status: ActivityState['status'], comment: string | null): ActivityState => {
  const parsed = parseDue(due, PLAN.year);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    id,
    position,
    createdSeq: position,
    createdOn: '2023-01-02',
    hierarchy: {
      perspective: 'Verksamhet',
      municipalGoal: 'Alla barn och unga ges förutsättningar att lyckas i skolan',
      boardGoal: 'Fler elever fullföljer sin utbildning',
      strategicAssignment: 'Främjande närvaroarbete',
    },
    activity: text,
    boards: ['BUN'],
    due: parsed.due,
    originalDue: parsed.due,
    moved: parsed.moved,
    status,
    comment,
    lastChangedOn: '2023-06-20',
  };
};

const ACTIVITIES: readonly ActivityState[] = [
  activity('b3c1f1a0-0000-4000-8000-000000000001', 1, 'Utbilda all personal i främjande närvaroarbete', 'Juni', 'in_progress', 'Två skolor återstår'),
  activity('b3c1f1a0-0000-4000-8000-000000000002', 2, 'Ta fram en gemensam rutin för frånvaroanmälan', 'Mars', 'done', null),
];

/** The follow-up report as the API builds it, with its indicators and analyses. */
export function halmstadReport(language: ReportLanguage = 'sv'): FollowUpReport {
  const report = buildFollowUpReport({ plan: PLAN, activities: ACTIVITIES, asOf: HALMSTAD_AS_OF, language });
  const indicators = buildIndicatorReport({
    indicators: HALMSTAD_INDICATORS,
    values: HALMSTAD_VALUES,
    analyses: HALMSTAD_ANALYSES,
    linkedActivities: new Map([['kvantitativ', [ACTIVITIES[0].activity]]]),
    asOf: HALMSTAD_AS_OF,
    language,
  });
  return { ...report, indicators };
}
