import { join } from 'node:path';

import type { ProgrammeDefinition } from '@fullfolj/contracts';

import { type PlanInput, planProgramme, type ProgrammePlan } from '../planning/plan-programme';
import { loadTemplates } from '../templates/template-loader.node';
import type { ProgrammeTemplate } from '../templates/template.schema';
import { namedPeople, type ProgrammePeople, toProgrammeDefinition } from './programme-definition.node';

const TEMPLATES_DIR = join(__dirname, '../../../../templates');
const PROGRAMME_ID = '0b6c1f9e-3d2a-4c5b-8e7f-1a2b3c4d5e6f';
const OTHER_PROGRAMME_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

// The schedule of the Linköping board decision, moved to 2027 (as in plan-programme.spec.ts).
const SKR_2027: PlanInput = {
  programmeStart: '2027-01-04',
  dates: {
    kickoff: '2027-01-27',
    teamMeetings: ['2027-04-05', '2027-08-18'],
    statusReportDue: '2027-06-16',
    closingMeeting: '2027-11-23',
    finalReportDue: '2028-02-16',
  },
};

const PEOPLE: ProgrammePeople = {
  ownerId: 'owner',
  chairId: 'chair',
  memberIds: ['member-1', 'member-2'],
  referenceGroupIds: ['reference-1'],
  teams: [
    { name: 'Team Norr', memberIds: ['teacher-1', 'teacher-2'] },
    { name: 'Team Syd', memberIds: ['teacher-3'] },
  ],
  secretaryId: 'secretary',
  responsibles: { officials: 'official', development_team: 'team-lead', head_teachers: 'head-teacher' },
};

let templates: Record<string, ProgrammeTemplate>;

beforeAll(async () => {
  templates = Object.fromEntries((await loadTemplates(TEMPLATES_DIR)).map((t) => [t.id, t]));
});

function plan(templateId: string, input: PlanInput): ProgrammePlan {
  const result = planProgramme(templates[templateId], input);
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.errors)}`);
  return result.plan;
}

function define(templateId: string, input: PlanInput, people: ProgrammePeople, programmeId = PROGRAMME_ID): ProgrammeDefinition {
  const result = toProgrammeDefinition(templates[templateId], plan(templateId, input), { programmeId, name: 'Fullföljd 2027', people });
  if (!result.ok) throw new Error(`expected a definition, got ${JSON.stringify(result.errors)}`);
  return result.definition;
}

const skr = () => define('skr-fullfoljd-utbildning', SKR_2027, PEOPLE);

describe('toProgrammeDefinition', () => {
  describe('SKR Utvecklingsprogram för fullföljd utbildning, 2027–2028', () => {
    it('names the programme, its template and its owner', () => {
      const d = skr();
      expect(d.programmeId).toBe(PROGRAMME_ID);
      expect(d.name).toBe('Fullföljd 2027');
      expect(d.template).toEqual({ id: 'skr-fullfoljd-utbildning', version: 1 });
      expect(d.ownerId).toBe('owner');
    });

    it('makes one item per assignment, deliverable and minutes, with the named responsible', () => {
      expect(skr().assignments.map((a) => [a.phaseKey, a.kind, a.templateKey, a.dueDate, a.responsibleId])).toEqual([
        ['forberedelse', 'assignment', 'appointSteeringGroup', '2027-01-12', 'owner'], // programme_owner: nobody named, the owner
        ['forberedelse', 'assignment', 'currentStateAnalysis', '2027-01-13', 'official'],
        ['forberedelse', 'assignment', 'appointDevelopmentTeams', '2027-01-20', 'chair'], // steering_group: the chair
        ['genomforande', 'assignment', 'localDevelopmentPlan', '2027-03-25', 'head-teacher'],
        ['genomforande', 'assignment', 'ownWork#1', '2027-03-31', 'team-lead'],
        ['genomforande', 'assignment', 'ownWork#2', '2027-08-13', 'team-lead'],
        ['genomforande', 'assignment', 'ownWorkBeforeClosing', '2027-11-16', 'team-lead'],
        ['genomforande', 'report', 'statusReport', '2027-06-02', 'owner'],
        ['genomforande', 'minutes', 'kickoffMeeting/minutes', '2027-02-10', 'secretary'],
        ['genomforande', 'minutes', 'teamMeeting#1/minutes', '2027-04-12', 'secretary'],
        ['genomforande', 'minutes', 'teamMeeting#2/minutes', '2027-08-25', 'secretary'],
        ['avslutning', 'assignment', 'evaluation', '2028-01-12', 'official'],
        ['avslutning', 'assignment', 'finalReportDraft', '2028-01-19', 'owner'],
        ['avslutning', 'report', 'finalReport', '2028-02-02', 'owner'],
        ['avslutning', 'minutes', 'closingMeetingEvent/minutes', '2027-12-07', 'secretary'],
      ]);
    });

    it('takes titles in Swedish and gives only minutes a policy without reminders before the meeting', () => {
      const items = skr().assignments;
      const p = plan('skr-fullfoljd-utbildning', SKR_2027);
      const analysis = p.phases[0].assignments.find((a) => a.key === 'currentStateAnalysis')!;
      const byKey = Object.fromEntries(items.map((i) => [i.templateKey, i]));
      expect(byKey.currentStateAnalysis).toMatchObject({ title: analysis.title.sv, description: analysis.description?.sv ?? null });
      expect(byKey.currentStateAnalysis.reminderPolicy).toBeUndefined();
      expect(byKey.statusReport).toMatchObject({ description: null });
      const kickoff = p.phases[1].meetings.find((m) => m.key === 'kickoffMeeting')!;
      expect(byKey['kickoffMeeting/minutes']).toMatchObject({ title: `Protokoll: ${kickoff.name.sv}`, reminderPolicy: { daysBefore: [] } });
      expect(items.filter((i) => i.reminderPolicy).map((i) => i.kind)).toEqual(['minutes', 'minutes', 'minutes', 'minutes']);
    });

    it('maps phases with their gates, and meetings with their phase', () => {
      const d = skr();
      expect(d.phases.map((p) => [p.key, p.startDate, p.endDate, p.gate && [p.gate.rule, p.gate.dueDate]])).toEqual([
        ['forberedelse', '2027-01-04', '2027-01-27', ['majority', '2027-01-25']],
        ['genomforande', '2027-01-27', '2027-11-23', null],
        ['avslutning', '2027-11-23', '2028-02-16', ['all', '2028-01-31']],
      ]);
      // No quorum on a majority gate: the key is left out, not set to null.
      expect(d.phases[0].gate).not.toHaveProperty('quorum');
      expect(d.phases[0].gate!.name.sv).toBe('Nulägesanalysen godkänd – klart för uppstart');
      expect(d.meetings.map((m) => [m.key, m.phaseKey, m.date])).toEqual([
        ['kickoffMeeting', 'genomforande', '2027-01-27'],
        ['teamMeeting#1', 'genomforande', '2027-04-05'],
        ['teamMeeting#2', 'genomforande', '2027-08-18'],
        ['closingMeetingEvent', 'avslutning', '2027-11-23'],
      ]);
    });

    it('grants each named person their roles once, and every responsible the responsible role', () => {
      expect(skr().roles).toEqual([
        { personId: 'owner', role: 'owner', team: null },
        { personId: 'chair', role: 'steering_chair', team: null },
        { personId: 'member-1', role: 'steering_member', team: null },
        { personId: 'member-2', role: 'steering_member', team: null },
        { personId: 'reference-1', role: 'reference', team: null },
        { personId: 'teacher-1', role: 'team_member', team: 'Team Norr' },
        { personId: 'teacher-2', role: 'team_member', team: 'Team Norr' },
        { personId: 'teacher-3', role: 'team_member', team: 'Team Syd' },
        { personId: 'secretary', role: 'secretary', team: null },
        { personId: 'owner', role: 'responsible', team: null },
        { personId: 'official', role: 'responsible', team: null },
        { personId: 'chair', role: 'responsible', team: null },
        { personId: 'head-teacher', role: 'responsible', team: null },
        { personId: 'team-lead', role: 'responsible', team: null },
        { personId: 'secretary', role: 'responsible', team: null },
      ]);
    });
  });

  describe('item ids', () => {
    it('are uuids derived from programme id and item key: a repeated start sends the same ids', () => {
      const first = skr().assignments.map((a) => a.id);
      expect(define('skr-fullfoljd-utbildning', SKR_2027, PEOPLE).assignments.map((a) => a.id)).toEqual(first);
      expect(new Set(first).size).toBe(first.length);
      for (const id of first) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('do not change across releases (pinned: the namespace and key format are part of the stored data)', () => {
      const byKey = Object.fromEntries(define('natverksar', { programmeStart: '2027-01-11' }, { ...PEOPLE, responsibles: {} }, 'p1').assignments.map((a) => [a.templateKey, a.id]));
      expect(byKey.workOrder).toBe('54e89259-b3f9-5517-ba8f-834ac9f7d0e7');
      expect(byKey['networkMeeting#1/minutes']).toBe('55c1c773-8a54-5a4b-a0a6-a1229d5f0456');
    });

    it('depend only on programme id and key, not on people or dates', () => {
      const ids = skr().assignments.map((a) => [a.templateKey, a.id]);
      const moved = define('skr-fullfoljd-utbildning', { ...SKR_2027, dates: { ...SKR_2027.dates, statusReportDue: '2027-06-23' } }, { ...PEOPLE, ownerId: 'someone-else' });
      expect(moved.assignments.map((a) => [a.templateKey, a.id])).toEqual(ids);
    });

    it('differ for another programme', () => {
      const mine = new Set(skr().assignments.map((a) => a.id));
      const other = define('skr-fullfoljd-utbildning', SKR_2027, PEOPLE, OTHER_PROGRAMME_ID).assignments.map((a) => a.id);
      expect(other).toHaveLength(mine.size);
      expect(other.filter((id) => mine.has(id))).toEqual([]);
    });
  });

  describe('responsibles and roles', () => {
    const natverksar = (people: ProgrammePeople) => define('natverksar', { programmeStart: '2027-01-11' }, people);
    const responsibleOf = (d: ProgrammeDefinition) => Object.fromEntries(d.assignments.map((a) => [a.templateKey, a.responsibleId]));
    const bare: ProgrammePeople = { ownerId: 'owner', chairId: 'chair', memberIds: [], referenceGroupIds: [], teams: [], responsibles: {} };

    it('gives secretary items to the secretary, steering-group and chair items to the chair', () => {
      const r = responsibleOf(natverksar({ ...bare, secretaryId: 'secretary' }));
      expect(r.memberList).toBe('secretary');
      expect(r['networkMeeting#1/minutes']).toBe('secretary');
      expect(r.workOrder).toBe('chair'); // steering_group
      expect(r['reportBack#1']).toBe('chair'); // chair
      expect(r.yearSummary).toBe('chair');
    });

    it('gives secretary items to the owner when no secretary is named, and grants no secretary role', () => {
      const d = natverksar(bare);
      expect(responsibleOf(d).memberList).toBe('owner');
      expect(responsibleOf(d)['networkMeeting#6/minutes']).toBe('owner');
      expect(d.roles.filter((g) => g.role === 'secretary')).toEqual([]);
      expect(d.roles).toEqual([
        { personId: 'owner', role: 'owner', team: null },
        { personId: 'chair', role: 'steering_chair', team: null },
        { personId: 'chair', role: 'responsible', team: null },
        { personId: 'owner', role: 'responsible', team: null },
      ]);
    });

    it('lets a named responsible override the secretary and the chair', () => {
      const r = responsibleOf(natverksar({ ...bare, secretaryId: 'secretary', responsibles: { secretary: 'clerk', steering_group: 'presidium', chair: 'deputy' } }));
      expect(r.memberList).toBe('clerk');
      expect(r['networkMeeting#1/minutes']).toBe('clerk');
      expect(r.workOrder).toBe('presidium');
      expect(r['reportBack#1']).toBe('deputy');
    });

    it('treats an empty responsible like a missing one (the fallback applies)', () => {
      expect(responsibleOf(natverksar({ ...bare, secretaryId: 'secretary', responsibles: { secretary: '' } })).memberList).toBe('secretary');
    });

    it('grants a person holding several roles each role once, a person in two teams only the first team', () => {
      const d = natverksar({
        ...bare,
        memberIds: ['chair', 'member', 'member'],
        referenceGroupIds: ['member'],
        teams: [
          { name: 'A', memberIds: ['teacher'] },
          { name: 'B', memberIds: ['teacher', 'owner'] },
        ],
        secretaryId: 'owner',
      });
      expect(d.roles).toEqual([
        { personId: 'owner', role: 'owner', team: null },
        { personId: 'chair', role: 'steering_chair', team: null },
        { personId: 'chair', role: 'steering_member', team: null },
        { personId: 'member', role: 'steering_member', team: null },
        { personId: 'member', role: 'reference', team: null },
        { personId: 'teacher', role: 'team_member', team: 'A' },
        { personId: 'owner', role: 'team_member', team: 'B' },
        { personId: 'owner', role: 'secretary', team: null },
        { personId: 'chair', role: 'responsible', team: null },
        { personId: 'owner', role: 'responsible', team: null },
      ]);
    });

    it('keeps a gate quorum and a meeting without minutes makes no item (verksamhetsplan)', () => {
      const d = define('verksamhetsplan-arscykel', { programmeStart: '2027-01-04' }, bare);
      expect(d.phases.find((p) => p.key === 'uppfoljning')!.gate).toMatchObject({ rule: 'quorum', quorum: 3, dueDate: '2027-10-04' });
      expect(d.meetings.map((m) => m.key)).toEqual(['followUpDialogueMeeting']);
      expect(d.assignments.filter((a) => a.kind === 'minutes')).toEqual([]);
    });

    it('copies meeting participants, so the definition does not share arrays with the plan', () => {
      const template = templates.natverksar;
      const p = plan('natverksar', { programmeStart: '2027-01-11' });
      const result = toProgrammeDefinition(template, p, { programmeId: PROGRAMME_ID, name: 'N', people: bare });
      if (!result.ok) throw new Error('expected a definition');
      const planned = p.phases[1].meetings[0];
      expect(result.definition.meetings[0].participants).toEqual([...planned.participants]);
      expect(result.definition.meetings[0].participants).not.toBe(planned.participants);
    });
  });

  describe('bad input', () => {
    const attempt = (responsibles: Record<string, string>) =>
      toProgrammeDefinition(templates['skr-fullfoljd-utbildning'], plan('skr-fullfoljd-utbildning', SKR_2027), {
        programmeId: PROGRAMME_ID,
        name: 'N',
        people: { ...PEOPLE, responsibles },
      });

    it('rejects a responsible for a role the template does not have, naming the field and the roles it has', () => {
      const result = attempt({ officials: 'official', presidium: 'someone' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([
        {
          field: 'responsibles.presidium',
          message:
            'is not a role of template skr-fullfoljd-utbildning (roles: programme_owner, steering_group, reference_group, officials, head_teachers, development_team, skr_process_leaders, secretary, boards)',
        },
      ]);
    });

    it('reports every unknown role, not just the first', () => {
      const result = attempt({ coordinator: 'a', chair: 'b' });
      expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['responsibles.coordinator', 'responsibles.chair']);
    });

    it('judges role keys by the template: chair is a role of natverksar but not of SKR', () => {
      const result = toProgrammeDefinition(templates.natverksar, plan('natverksar', { programmeStart: '2027-01-11' }), {
        programmeId: PROGRAMME_ID,
        name: 'N',
        people: { ...PEOPLE, responsibles: { chair: 'b' } },
      });
      expect(result.ok).toBe(true);
      expect(attempt({ chair: 'b' }).ok).toBe(false);
    });
  });
});

describe('namedPeople', () => {
  it('lists every person id of a start request with the field it came from, in request order', () => {
    expect(namedPeople(PEOPLE)).toEqual([
      { field: 'steeringGroup.chairId', personId: 'chair' },
      { field: 'steeringGroup.memberIds[0]', personId: 'member-1' },
      { field: 'steeringGroup.memberIds[1]', personId: 'member-2' },
      { field: 'referenceGroupIds[0]', personId: 'reference-1' },
      { field: 'teams[0].memberIds[0]', personId: 'teacher-1' },
      { field: 'teams[0].memberIds[1]', personId: 'teacher-2' },
      { field: 'teams[1].memberIds[0]', personId: 'teacher-3' },
      { field: 'secretaryId', personId: 'secretary' },
      { field: 'responsibles.officials', personId: 'official' },
      { field: 'responsibles.development_team', personId: 'team-lead' },
      { field: 'responsibles.head_teachers', personId: 'head-teacher' },
    ]);
  });

  it('leaves out the owner (the caller) and a missing secretary', () => {
    const people: ProgrammePeople = { ownerId: 'owner', chairId: 'chair', memberIds: [], referenceGroupIds: [], teams: [], responsibles: {} };
    expect(namedPeople(people)).toEqual([{ field: 'steeringGroup.chairId', personId: 'chair' }]);
  });
});
