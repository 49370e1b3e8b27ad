import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { parseTemplateYaml } from '../templates/template-loader.node';
import type { ProgrammeTemplate } from '../templates/template.schema';
import { type PlanInput, planProgramme, type ProgrammePlan } from './plan-programme';

const TEMPLATES_DIR = join(__dirname, '../../../../templates');

function shipped(id: string): ProgrammeTemplate {
  const file = `${id}.v1.yaml`;
  const result = parseTemplateYaml(readFileSync(join(TEMPLATES_DIR, file), 'utf8'), file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.template;
}

function plan(template: ProgrammeTemplate, input: PlanInput, calendar?: WorkingDayCalendar): ProgrammePlan {
  const result = planProgramme(template, input, calendar);
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.plan;
}

function errorsOf(template: ProgrammeTemplate, input: PlanInput) {
  const result = planProgramme(template, input);
  if (result.ok) throw new Error('expected planning to fail');
  return result.errors;
}

const skr = shipped('skr-fullfoljd-utbildning');
const verksamhetsplan = shipped('verksamhetsplan-arscykel');
const natverksar = shipped('natverksar');

// The schedule of the Linköping board decision, moved to 2027.
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

const byKey = <T extends { key: string }>(items: readonly T[]) => Object.fromEntries(items.map((i) => [i.key, i]));

describe('planProgramme', () => {
  describe('SKR Utvecklingsprogram för fullföljd utbildning, 2027–2028', () => {
    const p = plan(skr, SKR_2027);
    const [forberedelse, genomforande, avslutning] = p.phases;

    it('lays out the three phases in order', () => {
      expect(p.phases.map((ph) => [ph.key, ph.start, ph.end])).toEqual([
        ['forberedelse', '2027-01-04', '2027-01-27'],
        ['genomforande', '2027-01-27', '2027-11-23'],
        ['avslutning', '2027-11-23', '2028-02-16'],
      ]);
      expect(p.end).toBe('2028-02-16');
      expect(p.duration).toEqual({ from: '2027-01-04', to: '2027-11-23', months: 10.6 });
    });

    it('plans the preparation with the nulägesanalys before the kick-off', () => {
      expect(forberedelse.assignments.map((a) => [a.key, a.responsibleRole, a.due])).toEqual([
        ['appointSteeringGroup', 'programme_owner', '2027-01-12'], // 5 working days; 6 Jan is a holiday
        ['currentStateAnalysis', 'officials', '2027-01-13'],
        ['appointDevelopmentTeams', 'steering_group', '2027-01-20'],
      ]);
      expect(forberedelse.gate).toEqual({
        key: 'forberedelse/gate',
        name: { sv: 'Nulägesanalysen godkänd – klart för uppstart', en: 'Current-state analysis approved – ready for the kick-off' },
        rule: 'majority',
        quorum: null,
        decidedBy: 'steering_group',
        due: '2027-01-25',
      });
    });

    it('plans the kick-off and each development-team meeting with minutes', () => {
      expect(genomforande.meetings.map((m) => [m.key, m.kind, m.date, m.minutesDue, m.occurrence])).toEqual([
        ['kickoffMeeting', 'kickoff', '2027-01-27', '2027-02-10', null],
        ['teamMeeting#1', 'team', '2027-04-05', '2027-04-12', 1],
        ['teamMeeting#2', 'team', '2027-08-18', '2027-08-25', 2],
      ]);
      expect(genomforande.meetings[0].participants).toEqual(
        expect.arrayContaining(['reference_group', 'officials', 'head_teachers', 'programme_owner']),
      );
    });

    it('plans own work before every team meeting, counting back over Easter', () => {
      expect(genomforande.assignments.map((a) => [a.key, a.due])).toEqual([
        ['localDevelopmentPlan', '2027-03-25'], // 5 working days before 5 Apr: skips annandag påsk and långfredag
        ['ownWork#1', '2027-03-31'],
        ['ownWork#2', '2027-08-13'],
        ['ownWorkBeforeClosing', '2027-11-16'],
      ]);
    });

    it('sends the lägesrapport to the boards ten working days before the June meeting', () => {
      expect(genomforande.deliverables).toEqual([
        expect.objectContaining({ key: 'statusReport', kind: 'status_report', audience: ['boards', 'reference_group'], due: '2027-06-02', presentedAt: '2027-06-16' }),
      ]);
      expect(genomforande.gate).toBeNull();
    });

    it('closes with the kick-off participants, a signed-off slutrapport and evaluation', () => {
      expect(avslutning.meetings[0]).toMatchObject({ key: 'closingMeetingEvent', date: '2027-11-23', minutesDue: '2027-12-07' });
      expect(avslutning.meetings[0].participants).toEqual(genomforande.meetings[0].participants);
      expect(avslutning.assignments.map((a) => [a.key, a.due])).toEqual([
        ['evaluation', '2028-01-12'],
        ['finalReportDraft', '2028-01-19'],
      ]);
      expect(avslutning.gate).toMatchObject({ rule: 'all', due: '2028-01-31' });
      expect(avslutning.deliverables[0]).toMatchObject({ key: 'finalReport', due: '2028-02-02', presentedAt: '2028-02-16' });
      // The steering group signs off before the report is due.
      expect(avslutning.gate!.due < avslutning.deliverables[0].due).toBe(true);
    });

    it('lists every deadline once, by date', () => {
      expect(p.deadlines).toHaveLength(17);
      expect(new Set(p.deadlines.map((d) => d.key)).size).toBe(17);
      expect(p.deadlines.map((d) => d.due)).toEqual([...p.deadlines.map((d) => d.due)].sort());
      expect(byKey(p.deadlines)['teamMeeting#2/minutes']).toEqual({
        key: 'teamMeeting#2/minutes',
        kind: 'minutes',
        phaseKey: 'genomforande',
        due: '2027-08-25',
        responsibleRole: 'secretary',
        title: { sv: 'Protokoll: Utvecklingsteamträff 2027-08-18', en: 'Minutes: Development-team meeting 2027-08-18' },
      });
      expect(p.deadlines.filter((d) => d.kind === 'gate').map((d) => d.key)).toEqual(['forberedelse/gate', 'avslutning/gate']);
      expect(p.warnings).toEqual([]);
    });

    it('reproduces the same schedule from the template defaults', () => {
      const fromDefaults = plan(skr, { programmeStart: '2027-01-04' });
      expect(fromDefaults.phases).toEqual(p.phases);
      expect(Object.values(fromDefaults.dates).map((d) => d.source)).toEqual(Array(5).fill('default'));
      expect(Object.values(p.dates).map((d) => d.source)).toEqual(Array(5).fill('input'));
    });

    it('accepts more than two team meetings', () => {
      const four = plan(skr, { ...SKR_2027, dates: { ...SKR_2027.dates, teamMeetings: ['2027-03-10', '2027-04-05', '2027-08-18', '2027-10-06'] } });
      expect(four.phases[1].meetings.map((m) => m.key)).toEqual(['kickoffMeeting', 'teamMeeting#1', 'teamMeeting#2', 'teamMeeting#3', 'teamMeeting#4']);
      expect(four.phases[1].assignments.filter((a) => a.assignmentKey === 'ownWork')).toHaveLength(4);
    });

    it('warns about a meeting on a holiday without rejecting the plan', () => {
      const easter = plan(skr, { ...SKR_2027, dates: { ...SKR_2027.dates, teamMeetings: ['2027-03-29', '2027-08-18'] } });
      expect(easter.warnings).toEqual([
        { path: 'dates.teamMeetings[0]', code: 'non_working_day', message: "meeting 'teamMeeting' #1 is on 2027-03-29, which is not a working day" },
      ]);
    });

    it('uses the calendar it is given', () => {
      const withKlamdag = new WorkingDayCalendar({ additionalDaysOff: ['2027-01-12'] });
      expect(plan(skr, SKR_2027, withKlamdag).phases[0].assignments[0].due).toBe('2027-01-13');
    });

    describe('errors', () => {
      const withDates = (dates: Record<string, string | string[]>): PlanInput => ({ ...SKR_2027, dates: { ...SKR_2027.dates, ...dates } });

      it('reports fewer team meetings than the minimum', () => {
        expect(errorsOf(skr, withDates({ teamMeetings: ['2027-04-05'] }))).toEqual([
          {
            path: 'dates.teamMeetings',
            code: 'too_few_dates',
            message: "'teamMeetings' (Utvecklingsteamträffar / Development-team meetings) needs at least 2 dates, got 1",
          },
        ]);
      });

      it('reports team meetings out of order', () => {
        expect(errorsOf(skr, withDates({ teamMeetings: ['2027-08-18', '2027-04-05'] }))).toEqual([
          { path: 'dates.teamMeetings[1]', code: 'out_of_order', message: '2027-04-05 must be after teamMeetings[0] (2027-08-18)' },
        ]);
      });

      it('reports a closing meeting before the kick-off', () => {
        const errors = errorsOf(skr, withDates({ closingMeeting: '2027-01-20' }));
        expect(errors).toContainEqual({
          path: 'dates.closingMeeting',
          code: 'out_of_order',
          message: "phase 'genomforande' would end on 2027-01-20 (closingMeeting) before it starts on 2027-01-27 (kickoff)",
        });
      });

      it('reports a team meeting after the closing meeting', () => {
        expect(errorsOf(skr, withDates({ teamMeetings: ['2027-04-05', '2027-12-01'] }))).toContainEqual({
          path: 'dates.teamMeetings[1]',
          code: 'outside_phase',
          message: "meeting 'teamMeeting' #2 would be on 2027-12-01, outside phase 'genomforande' (2027-01-27 – 2027-11-23)",
        });
      });

      it('reports a preparation too short for the nulägesanalys', () => {
        expect(errorsOf(skr, withDates({ kickoff: '2027-01-08' }))).toContainEqual({
          path: 'dates.kickoff',
          code: 'outside_phase',
          message: "assignment 'currentStateAnalysis' would be due on 2026-12-18, before phase 'forberedelse' starts on 2027-01-04",
        });
      });

      it('reports a date before the programme start', () => {
        expect(errorsOf(skr, withDates({ kickoff: '2026-12-15' }))).toEqual([
          { path: 'dates.kickoff', code: 'out_of_order', message: '2026-12-15 is before programmeStart (2027-01-04)' },
        ]);
      });

      it('reports a programme longer than 12 months', () => {
        const errors = errorsOf(skr, withDates({ closingMeeting: '2028-02-23', finalReportDue: '2028-05-17' }));
        expect(errors).toEqual([
          {
            path: 'dates.closingMeeting',
            code: 'duration_too_long',
            message: 'the programme would run 13.7 months from 2027-01-04 to 2028-02-23 (closingMeeting); the template allows at most 12 months',
          },
        ]);
      });

      it('reports a programme shorter than 8 months', () => {
        const errors = errorsOf(skr, {
          programmeStart: '2027-01-04',
          dates: {
            kickoff: '2027-01-27',
            teamMeetings: ['2027-03-10', '2027-04-21'],
            statusReportDue: '2027-05-19',
            closingMeeting: '2027-06-09',
            finalReportDue: '2027-09-22',
          },
        });
        expect(errors).toEqual([expect.objectContaining({ path: 'dates.closingMeeting', code: 'duration_too_short' })]);
        expect(errors[0].message).toMatch(/5\.2 months .* needs at least 8 months/);
      });

      it('reports unknown, malformed and mis-shaped dates together', () => {
        const errors = errorsOf(skr, {
          programmeStart: '2027-01-04',
          dates: { ...SKR_2027.dates, kickoff: '2027-02-30', teamMeetings: ['2027-04-05', 'i augusti'], statusReportDue: ['2027-06-16'], teamMeeting1: '2027-04-05' },
        });
        expect(errors).toEqual([
          expect.objectContaining({ path: 'dates.teamMeeting1', code: 'unknown_parameter' }),
          { path: 'dates.kickoff', code: 'invalid_date', message: 'must be a date \'YYYY-MM-DD\', got "2027-02-30"' },
          { path: 'dates.teamMeetings[1]', code: 'invalid_date', message: 'must be a date \'YYYY-MM-DD\', got "i augusti"' },
          expect.objectContaining({ path: 'dates.statusReportDue', code: 'wrong_shape' }),
        ]);
        expect(errors[0].message).toMatch(/expected one of: kickoff, teamMeetings, statusReportDue, closingMeeting, finalReportDue/);
      });

      it('reports a missing or invalid programme start without throwing', () => {
        expect(errorsOf(skr, {} as PlanInput)).toEqual([{ path: 'programmeStart', code: 'missing_parameter', message: 'is required' }]);
        expect(errorsOf(skr, { programmeStart: '4 januari' })).toEqual([
          { path: 'programmeStart', code: 'invalid_date', message: 'must be a date \'YYYY-MM-DD\', got "4 januari"' },
        ]);
        expect(errorsOf(skr, { programmeStart: '1850-01-04' })[0]).toMatchObject({ code: 'invalid_date', message: expect.stringMatching(/supported years/) });
        expect(errorsOf(skr, { programmeStart: '2027-01-04', dates: 'soon' } as unknown as PlanInput)).toEqual([
          { path: 'dates', code: 'wrong_shape', message: 'must be an object mapping date parameter keys to dates' },
        ]);
      });

      it('reports programmeStart given under dates', () => {
        expect(errorsOf(skr, withDates({ programmeStart: '2027-01-04' }))).toEqual([
          expect.objectContaining({ path: 'dates.programmeStart', code: 'unknown_parameter' }),
        ]);
      });
    });
  });

  describe('Verksamhetsplan, plan year 2027', () => {
    const input: PlanInput = {
      programmeStart: '2027-01-04',
      dates: {
        planAdopted: '2027-02-17',
        followUpDialogue: '2027-09-22',
        followUpBoardMeeting: '2027-10-20',
        annualReportBoardMeeting: '2028-02-23',
      },
    };
    const p = plan(verksamhetsplan, input);
    const phase = byKey(p.phases);

    it('follows up as of 31 August by default and closes with the annual report', () => {
      expect(p.dates.followUpCutOff).toMatchObject({ dates: ['2027-08-31'], source: 'default' });
      expect(p.dates.yearEnd).toMatchObject({ dates: ['2027-12-31'], source: 'default' });
      expect(p.phases.map((ph) => [ph.key, ph.start, ph.end])).toEqual([
        ['planering', '2027-01-04', '2027-02-17'],
        ['genomforande', '2027-02-17', '2027-08-31'],
        ['uppfoljning', '2027-08-31', '2027-10-20'],
        ['arsredovisning', '2027-10-20', '2028-02-23'],
      ]);
    });

    it('plans status reporting after the cut-off and the year end', () => {
      expect(byKey(phase.uppfoljning.assignments).reportStatus.due).toBe('2027-09-14');
      // 10 working days after nyårsafton: skips nyårsdagen's weekend and trettondedag jul.
      expect(byKey(phase.arsredovisning.assignments).reportYearEndStatus.due).toBe('2028-01-17');
      expect(phase.uppfoljning.deliverables[0]).toMatchObject({ key: 'followUpReport', due: '2027-10-06', presentedAt: '2027-10-20' });
      expect(phase.arsredovisning.deliverables[0]).toMatchObject({ key: 'annualReport', kind: 'final_report', due: '2028-02-09' });
    });

    it('has a quorum gate on the follow-up and a dialogue without minutes', () => {
      expect(phase.uppfoljning.gate).toMatchObject({ rule: 'quorum', quorum: 3, due: '2027-10-04' });
      expect(phase.uppfoljning.meetings).toEqual([expect.objectContaining({ date: '2027-09-22', minutesDue: null, minutesResponsibleRole: null })]);
      expect(p.deadlines.some((d) => d.kind === 'minutes')).toBe(false);
      expect(phase.genomforande.gate).toBeNull();
    });

    it('keeps an explicit cut-off date as given, even on a Saturday', () => {
      const july = plan(verksamhetsplan, { ...input, dates: { ...input.dates, followUpCutOff: '2027-07-31', followUpDialogue: '2027-08-25' } });
      expect(july.phases[2].start).toBe('2027-07-31');
      expect(byKey(july.phases[2].assignments).reportStatus.due).toBe('2027-08-13');
    });

    it('reports a cut-off after the board meeting that should present it', () => {
      expect(errorsOf(verksamhetsplan, { ...input, dates: { ...input.dates, followUpCutOff: '2027-10-31' } })).toContainEqual(
        expect.objectContaining({ path: 'dates.followUpBoardMeeting', code: 'out_of_order' }),
      );
    });

    it('reports an annual report more than 16 months after the start', () => {
      expect(errorsOf(verksamhetsplan, { ...input, dates: { ...input.dates, annualReportBoardMeeting: '2028-06-21' } })).toEqual([
        expect.objectContaining({ path: 'dates.annualReportBoardMeeting', code: 'duration_too_long' }),
      ]);
    });

    it('requires every date when defaults are not wanted', () => {
      const bare: ProgrammeTemplate = {
        ...verksamhetsplan,
        dateParameters: verksamhetsplan.dateParameters.map((d) => (d.kind === 'date' ? { key: d.key, kind: d.kind, label: d.label } : d)),
      };
      expect(errorsOf(bare, { programmeStart: '2027-01-04' }).map((e) => [e.path, e.code])).toEqual([
        ['dates.planAdopted', 'missing_parameter'],
        ['dates.followUpCutOff', 'missing_parameter'],
        ['dates.followUpDialogue', 'missing_parameter'],
        ['dates.followUpBoardMeeting', 'missing_parameter'],
        ['dates.yearEnd', 'missing_parameter'],
        ['dates.annualReportBoardMeeting', 'missing_parameter'],
      ]);
    });
  });

  describe('Nätverksår 2027', () => {
    const meetings = ['2027-02-10', '2027-03-31', '2027-05-04', '2027-09-08', '2027-10-25', '2027-12-01'];
    const input: PlanInput = { programmeStart: '2027-01-11', dates: { networkMeetings: meetings, yearSummaryDue: '2027-12-17' } };
    const p = plan(natverksar, input);
    const [arbetsordning, traffar, arsavslut] = p.phases;

    it('starts with the work order and the secretary sending lists before the first meeting', () => {
      expect(arbetsordning).toMatchObject({ start: '2027-01-11', end: '2027-02-10' });
      expect(arbetsordning.assignments.map((a) => [a.key, a.responsibleRole, a.due])).toEqual([
        ['workOrder', 'steering_group', '2027-01-20'],
        ['memberList', 'secretary', '2027-01-27'],
        ['meetingSchedule', 'secretary', '2027-01-27'],
      ]);
      expect(arbetsordning.gate).toMatchObject({ rule: 'all', due: '2027-01-25' });
    });

    it('plans six meetings with minutes from the secretary after each', () => {
      expect(traffar).toMatchObject({ start: '2027-02-10', end: '2027-12-01' });
      expect(traffar.meetings.map((m) => [m.key, m.date, m.minutesDue, m.minutesResponsibleRole])).toEqual([
        ['networkMeeting#1', '2027-02-10', '2027-02-24', 'secretary'],
        ['networkMeeting#2', '2027-03-31', '2027-04-14', 'secretary'],
        ['networkMeeting#3', '2027-05-04', '2027-05-19', 'secretary'], // over Kristi himmelsfärd
        ['networkMeeting#4', '2027-09-08', '2027-09-22', 'secretary'],
        ['networkMeeting#5', '2027-10-25', '2027-11-08', 'secretary'],
        ['networkMeeting#6', '2027-12-01', '2027-12-15', 'secretary'],
      ]);
    });

    it('has the chair report back after each meeting and one status per goal', () => {
      const reportBack = traffar.assignments.filter((a) => a.assignmentKey === 'reportBack');
      expect(reportBack.map((a) => [a.key, a.responsibleRole, a.due])).toEqual(
        traffar.meetings.map((m, i) => [`reportBack#${i + 1}`, 'chair', m.minutesDue]),
      );
      expect(traffar.assignments.filter((a) => a.goal !== null).map((a) => [a.goal, a.due])).toEqual([
        ['growthAndSkills', '2027-11-24'],
        ['educationLevel', '2027-11-24'],
        ['quality', '2027-11-24'],
      ]);
    });

    it('ends with the chair signing off the year summary', () => {
      expect(arsavslut).toMatchObject({ start: '2027-12-01', end: '2027-12-17' });
      expect(arsavslut.gate).toMatchObject({ rule: 'chair', due: '2027-12-14' });
      expect(arsavslut.deliverables[0]).toMatchObject({ audience: ['heads_of_education'], due: '2027-12-17' });
      expect(p.duration.months).toBeCloseTo(11.2, 5);
    });

    it('accepts more than six meetings', () => {
      const seven = plan(natverksar, { ...input, dates: { ...input.dates, networkMeetings: [...meetings.slice(0, 5), '2027-11-10', '2027-12-01'] } });
      expect(seven.phases[1].meetings).toHaveLength(7);
    });

    it('reports fewer than six meetings', () => {
      expect(errorsOf(natverksar, { ...input, dates: { ...input.dates, networkMeetings: meetings.slice(0, 5) } })).toEqual([
        {
          path: 'dates.networkMeetings',
          code: 'too_few_dates',
          message: "'networkMeetings' (Nätverksträffar / Network meetings) needs at least 6 dates, got 5",
        },
      ]);
    });

    it('reports minutes that would be due after the year summary', () => {
      const late = [...meetings.slice(0, 5), '2027-12-10'];
      expect(errorsOf(natverksar, { ...input, dates: { ...input.dates, networkMeetings: late } })).toEqual([
        {
          path: 'dates.networkMeetings[5]',
          code: 'after_programme_end',
          message: "the minutes of meeting 'networkMeeting' #6 would be due on 2027-12-27, after the programme ends on 2027-12-17",
        },
        {
          path: 'dates.networkMeetings[5]',
          code: 'after_programme_end',
          message: "assignment 'reportBack' #6 would be due on 2027-12-27, after the programme ends on 2027-12-17",
        },
      ]);
    });
  });
});
