/** The columns of a follow-up table and how their headings are recognised. */
import { foldKey } from './text';

export const FOLLOW_UP_COLUMNS = [
  'perspective',
  'municipalGoal',
  'boardGoal',
  'strategicAssignment',
  'activity',
  'boards',
  'due',
  'status',
  'comment',
] as const;
export type FollowUpColumn = (typeof FOLLOW_UP_COLUMNS)[number];

/** The hierarchy above an activity, outermost first. Levels may be blank. */
export const HIERARCHY_LEVELS = ['perspective', 'municipalGoal', 'boardGoal', 'strategicAssignment'] as const;
export type HierarchyLevel = (typeof HIERARCHY_LEVELS)[number];
export type Hierarchy = Readonly<Record<HierarchyLevel, string | null>>;

/** Columns an import must have; the others may be missing (a plan not yet followed up has no Status). */
export const REQUIRED_COLUMNS: readonly FollowUpColumn[] = ['activity', 'boards', 'due'];

export const COLUMN_HEADINGS: Readonly<Record<'sv' | 'en', Readonly<Record<FollowUpColumn, string>>>> = {
  sv: {
    perspective: 'Perspektiv',
    municipalGoal: 'Kommunövergripande mål',
    boardGoal: 'Nämndmål',
    strategicAssignment: 'Strategiskt utvecklingsuppdrag',
    activity: 'Aktivitet',
    boards: 'Nämnd',
    due: 'Slutfört',
    status: 'Status',
    comment: 'Kommentar',
  },
  en: {
    perspective: 'Perspective',
    municipalGoal: 'Municipal goal',
    boardGoal: 'Board goal',
    strategicAssignment: 'Strategic development assignment',
    activity: 'Activity',
    boards: 'Board',
    due: 'Due',
    status: 'Status',
    comment: 'Comment',
  },
};

const ALIASES: Readonly<Record<FollowUpColumn, readonly string[]>> = {
  perspective: ['perspektiv', 'perspective'],
  municipalGoal: ['kommunovergripandemal', 'kommunovergripandemalen', 'kommunmal', 'kommunfullmaktigesmal', 'municipalgoal', 'municipalitygoal'],
  boardGoal: ['namndmal', 'namndensmal', 'boardgoal'],
  strategicAssignment: [
    'strategisktutvecklingsuppdrag',
    'strategiskautvecklingsuppdrag',
    'utvecklingsuppdrag',
    'strategisktuppdrag',
    'strategicassignment',
    'strategicdevelopmentassignment',
  ],
  activity: ['aktivitet', 'aktiviteter', 'activity', 'activities'],
  boards: ['namnd', 'namnder', 'ansvarignamnd', 'board', 'boards'],
  due: ['slutfort', 'slutford', 'klart', 'klartdatum', 'due', 'deadline'],
  status: ['status', 'lage'],
  comment: ['kommentar', 'kommentarer', 'comment', 'comments'],
};

const BY_ALIAS = new Map<string, FollowUpColumn>(
  FOLLOW_UP_COLUMNS.flatMap((column) => ALIASES[column].map((alias) => [alias, column] as const)),
);

/** The column a heading names, regardless of case, spacing and diacritics; undefined if none. */
export function matchColumn(heading: string | null | undefined): FollowUpColumn | undefined {
  return BY_ALIAS.get(foldKey(heading));
}
