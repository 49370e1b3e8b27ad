import { parsePath, type PathSegment } from '../issues';
import { parseProgrammeTemplate, type ProgrammeTemplate } from './template.schema';

const text = (sv: string, en = sv) => ({ sv, en });

/** A small valid template; each test breaks one thing. */
function fixture(): Record<string, unknown> {
  return {
    id: 'test-programme',
    version: 1,
    name: text('Testprogram', 'Test programme'),
    description: text('Beskrivning', 'Description'),
    durationMonths: { min: 2, max: 6 },
    roles: [
      { key: 'steering_group', name: text('Styrgrupp', 'Steering group') },
      { key: 'officials', name: text('Tjänstepersoner', 'Officials') },
      { key: 'secretary', name: text('Sekreterare', 'Secretary') },
      { key: 'boards', name: text('Nämnder', 'Boards') },
    ],
    goals: [{ key: 'goalA', name: text('Mål A', 'Goal A') }],
    dateParameters: [
      { key: 'kickoff', label: text('Uppstart', 'Kick-off'), defaultOffsetDays: 14 },
      { key: 'meetings', kind: 'series', label: text('Träffar', 'Meetings'), defaultOffsetDays: [30, 60] },
      { key: 'reportDue', label: text('Rapport', 'Report'), defaultOffsetDays: 120 },
    ],
    phases: [
      {
        key: 'prep',
        name: text('Förberedelse', 'Preparation'),
        start: 'programmeStart',
        end: 'kickoff',
        assignments: [
          {
            key: 'analysis',
            title: text('Nulägesanalys', 'Analysis'),
            responsibleRole: 'officials',
            due: { date: 'kickoff', offsetWorkingDays: -3 },
            goal: 'goalA',
          },
        ],
        gate: { name: text('Klart', 'Ready'), rule: 'majority', decidedBy: 'steering_group' },
      },
      {
        key: 'work',
        name: text('Genomförande', 'Implementation'),
        start: 'kickoff',
        end: 'reportDue',
        meetings: [
          { key: 'kick', kind: 'kickoff', name: text('Uppstart', 'Kick-off'), date: 'kickoff', participants: ['officials'], minutesDueWorkingDays: 5 },
          {
            key: 'meeting',
            kind: 'team',
            name: text('Träff', 'Meeting'),
            date: 'meetings',
            repeat: { min: 2 },
            participants: ['officials'],
            minutesDueWorkingDays: null,
          },
        ],
        deliverables: [
          {
            key: 'report',
            kind: 'final_report',
            name: text('Rapport', 'Report'),
            responsibleRole: 'officials',
            audience: ['boards'],
            due: { date: 'reportDue', offsetWorkingDays: -5 },
            presentedAt: 'reportDue',
          },
        ],
      },
    ],
  };
}

/** Sets (or with `undefined`, deletes) the value at a path like 'phases[1].gate.rule'. */
function set(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const segments = parsePath(path);
  let node = target as Record<PathSegment, unknown>;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<PathSegment, unknown>;
  const last = segments[segments.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}

function issuesOf(data: Record<string, unknown>) {
  const result = parseProgrammeTemplate(data);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.issues;
}

function parsed(data: Record<string, unknown>): ProgrammeTemplate {
  const result = parseProgrammeTemplate(data);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.template;
}

describe('programme template schema', () => {
  it('accepts a valid template and fills in defaults', () => {
    const template = parsed(fixture());
    expect(template.dateParameters[0]).toMatchObject({ key: 'kickoff', kind: 'date' });
    expect(template.phases[0].start).toEqual({ date: 'programmeStart' });
    expect(template.phases[0].meetings).toEqual([]);
    expect(template.phases[1].gate).toBeNull();
    expect(template.phases[1].meetings[0].minutesResponsibleRole).toBe('secretary');
    expect(template.phases[1].deliverables[0].presentedAt).toEqual({ date: 'reportDue' });
  });

  describe('field errors name the path', () => {
    it.each<[string, unknown, string, RegExp]>([
      ['id', undefined, 'id', /^is required$/],
      ['id', 'Test Programme', 'id', /slug/],
      ['version', 0, 'version', /at least 1/],
      ['version', 1.5, 'version', /^must be a whole number, got 1.5$/],
      ['name.en', undefined, 'name.en', /^is required$/],
      ['name.sv', '   ', 'name.sv', /must not be empty/],
      ['phases[0].gate.rule', 'unanimous', 'phases[0].gate.rule', /^expected one of "all"\|"majority"\|"quorum"\|"chair"$/],
      ['phases[0].gate.rule', undefined, 'phases[0].gate.rule', /^is required$/],
      ['phases[0].gate.decidedBy', 'board', 'phases[0].gate.decidedBy', /steering_group/],
      ['phases[1].meetings[0].kind', 'seminar', 'phases[1].meetings[0].kind', /^expected one of "kickoff"\|"team"/],
      ['phases[1].meetings[0].kind', undefined, 'phases[1].meetings[0].kind', /^is required$/],
      ['dateParameters[1].kind', undefined, 'dateParameters[1].defaultOffsetDays', /^must be a whole number, got a list$/],
      ['phases[1].meetings[0].minutesDueWorkingDays', undefined, 'phases[1].meetings[0].minutesDueWorkingDays', /^is required$/],
      ['phases[1].meetings[0].minutesDueWorkingDays', -1, 'phases[1].meetings[0].minutesDueWorkingDays', /0 or more/],
      ['phases[1].meetings[0].participants', [], 'phases[1].meetings[0].participants', /at least one role/],
      ['phases[0].assignments[0].due', 42, 'phases[0].assignments[0].due', /date parameter key or \{date/],
      ['phases[0].assignments[0].due.offsetDays', 2, 'phases[0].assignments[0].due.offsetWorkingDays', /not both/],
      ['dateParameters[0].kind', 'month', 'dateParameters[0].kind', /"date" or "series"/],
      ['dateParameters[0].defaultMonthDay', '08-31', 'dateParameters[0].defaultMonthDay', /not both/],
      ['dateParameters[1].defaultOffsetDays', [60, 30], 'dateParameters[1].defaultOffsetDays', /strictly increasing/],
      ['phases[1].meetings[1].repeat.max', 1, 'phases[1].meetings[1].repeat.max', /less than min/],
      ['durationMonths.max', 1, 'durationMonths.max', /less than min/],
      ['phases', [], 'phases', /at least one phase/],
    ])('%s = %j → %s', (path, value, expectedPath, message) => {
      const issues = issuesOf(set(fixture(), path, value));
      expect(issues).toContainEqual({ path: expectedPath, message: expect.stringMatching(message) });
    });

    it('a parameter without a default is fine', () => {
      expect(parseProgrammeTemplate(set(fixture(), 'dateParameters[2].defaultOffsetDays', undefined)).ok).toBe(true);
    });

    it('reports unknown fields, so typos in YAML are caught', () => {
      const data = set(fixture(), 'phases[1].meetngs', []);
      set(data, 'phases[1].meetings[0].minutesDueWorkingday', 3);
      const issues = issuesOf(data);
      expect(issues).toContainEqual({ path: 'phases[1].meetngs', message: 'unknown field' });
      expect(issues).toContainEqual({ path: 'phases[1].meetings[0].minutesDueWorkingday', message: 'unknown field' });
    });

    it('rejects a non-object', () => {
      expect(issuesOf(null as unknown as Record<string, unknown>)).toEqual([{ path: '', message: 'expected object, received null' }]);
      expect(parseProgrammeTemplate('id: x').ok).toBe(false);
    });
  });

  describe('gate quorum', () => {
    it('requires quorum with rule quorum', () => {
      const issues = issuesOf(set(fixture(), 'phases[0].gate.rule', 'quorum'));
      expect(issues).toEqual([{ path: 'phases[0].gate.quorum', message: "is required when rule is 'quorum'" }]);
    });

    it('forbids quorum with other rules', () => {
      const issues = issuesOf(set(fixture(), 'phases[0].gate.quorum', 3));
      expect(issues).toEqual([{ path: 'phases[0].gate.quorum', message: "is only allowed with rule 'quorum', not 'majority'" }]);
    });

    it('accepts rule quorum with a quorum', () => {
      const data = set(set(fixture(), 'phases[0].gate.rule', 'quorum'), 'phases[0].gate.quorum', 3);
      expect(parsed(data).phases[0].gate).toMatchObject({ rule: 'quorum', quorum: 3 });
    });
  });

  describe('cross-field rules', () => {
    it.each<[string, string, unknown, string, RegExp]>([
      ['unknown role in participants', 'phases[1].meetings[0].participants', ['officials', 'rektorer'], 'phases[1].meetings[0].participants[1]', /unknown role 'rektorer'; declared roles: steering_group, officials, secretary, boards/],
      ['unknown responsible role', 'phases[0].assignments[0].responsibleRole', 'nobody', 'phases[0].assignments[0].responsibleRole', /unknown role 'nobody'/],
      ['unknown audience', 'phases[1].deliverables[0].audience', ['council'], 'phases[1].deliverables[0].audience[0]', /unknown role 'council'/],
      ['minutes without a secretary role', 'phases[1].meetings[0].minutesResponsibleRole', 'clerk', 'phases[1].meetings[0].minutesResponsibleRole', /unknown role 'clerk'/],
      ['unknown goal', 'phases[0].assignments[0].goal', 'goalB', 'phases[0].assignments[0].goal', /unknown goal 'goalB'; declared goals: goalA/],
      ['unknown date parameter', 'phases[0].end', 'kickof', 'phases[0].end.date', /unknown date parameter 'kickof'; declared: programmeStart, kickoff, meetings, reportDue/],
      ['unknown meeting date', 'phases[1].meetings[0].date', 'kickof', 'phases[1].meetings[0].date', /unknown date parameter 'kickof'/],
      ['series ref without occurrence', 'phases[1].end', 'meetings', 'phases[1].end.occurrence', /'meetings' is a series; say which date: first or last/],
      ['each on a phase boundary', 'phases[1].end', { date: 'meetings', occurrence: 'each' }, 'phases[1].end.occurrence', /only allowed for assignment and deliverable/],
      ['occurrence on a single date', 'phases[0].assignments[0].due', { date: 'kickoff', occurrence: 'first' }, 'phases[0].assignments[0].due.occurrence', /single date; remove occurrence/],
      ['occurrence on programmeStart', 'phases[0].start', { date: 'programmeStart', occurrence: 'last' }, 'phases[0].start.occurrence', /single date/],
      ['series meeting without repeat', 'phases[1].meetings[1].repeat', undefined, 'phases[1].meetings[1].repeat', /is a series; add repeat/],
      ['repeat on a single date', 'phases[1].meetings[0].repeat', { min: 2 }, 'phases[1].meetings[0].repeat', /needs a series date parameter/],
      ['duplicate phase key', 'phases[1].key', 'prep', 'phases[1].key', /duplicate phase key 'prep' \(first used at phases\[0\]\)/],
      ['duplicate item key across phases', 'phases[1].deliverables[0].key', 'analysis', 'phases[1].deliverables[0].key', /duplicate meeting\/deliverable\/assignment key 'analysis'/],
      ['duplicate role key', 'roles[3].key', 'officials', 'roles[3].key', /duplicate role key/],
      ['declared programmeStart', 'dateParameters[0].key', 'programmeStart', 'dateParameters[0].key', /built in/],
      ['too few default series dates', 'phases[1].meetings[1].repeat', { min: 3 }, 'dateParameters[1].defaultOffsetDays', /has 2 dates but phases\[1\]\.meetings\[1\]\.repeat requires at least 3/],
      ['too many default series dates', 'phases[1].meetings[1].repeat', { min: 1, max: 1 }, 'dateParameters[1].defaultOffsetDays', /allows at most 1/],
      ['gate without a steering group', 'roles[0].key', 'presidium', 'phases[0].gate.decidedBy', /unknown role 'steering_group'/],
      ['bad duration ref', 'durationMonths.to', 'closing', 'durationMonths.to.date', /unknown date parameter 'closing'/],
    ])('%s', (_name, path, value, expectedPath, message) => {
      expect(issuesOf(set(fixture(), path, value))).toContainEqual({ path: expectedPath, message: expect.stringMatching(message) });
    });

    it('rejects a date parameter nothing refers to', () => {
      const data = fixture();
      (data.dateParameters as unknown[]).push({ key: 'spare', label: text('Reserv', 'Spare') });
      expect(issuesOf(data)).toContainEqual({ path: 'dateParameters[3].key', message: "date parameter 'spare' is never used" });
    });

    it('checks phase order under the default dates', () => {
      // The kick-off by default after the report: 'work' would end before it starts.
      const issues = issuesOf(set(fixture(), 'dateParameters[0].defaultOffsetDays', 200));
      expect(issues).toContainEqual({
        path: 'phases[1].end',
        message: "with the default dates phase 'work' ends (reportDue, day 120) before it starts (kickoff, day 200)",
      });
    });

    it('checks that phases do not overlap under the default dates', () => {
      const data = set(fixture(), 'phases[1].start', 'programmeStart');
      expect(issuesOf(data)).toContainEqual({
        path: 'phases[1].start',
        message: "with the default dates phase 'work' starts (day 0) before the previous phase 'prep' ends (day 14)",
      });
    });
  });
});
