import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Agent } from '@fullfolj/testing';
import { TEST_YEAR, testDate } from '@fullfolj/testing';
import { waitUntil } from '@fullfolj/runtime';
import type { FaultRow } from './results';
import { PeopleService } from '../../apps/api/src/people/people.service';

export const PASSWORD = 'ett-bra-lösenord';

export interface Cast {
  run: string;
  owner: { id: string; email: string };
  people: Record<'chair' | 'member' | 'official' | 'headTeacher', { id: string; email: string }>;
}

/**
 * The people of the act scenarios: an owner made in the API's own process (in production an
 * administrator's job), the others through POST /people as the owner, each able to sign in.
 */
export async function createCast(app: INestApplication, ownerAgent: (email: string) => Promise<Agent>): Promise<{ cast: Cast; owner: Agent }> {
  const run = randomUUID().slice(0, 8);
  const owner = await app.get(PeopleService).create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, isAdmin: true, password: PASSWORD });
  const agent = await ownerAgent(owner.email);
  const people = {} as Cast['people'];
  for (const [key, name] of [
    ['chair', 'Erik Johansson'],
    ['member', 'Fatima Hassan'],
    ['official', 'Maria Tjänsteperson'],
    ['headTeacher', 'Lars Berg'],
  ] as const) {
    const res = await agent.post('/people').send({ name, email: `${key}.${run}@kommun.example`, organisationUnit: 'Utbildningsförvaltningen', password: PASSWORD });
    if (res.status !== 201) throw new Error(`creating ${key}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    people[key] = res.body;
  }
  return { cast: { run, owner, people }, owner: agent };
}

/** Starts `count` SKR programmes with the seed's dates in the test year; returns their ids. */
export async function startProgrammes(owner: Agent, cast: Cast, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await owner.post('/programmes').send({
      templateId: 'skr-fullfoljd-utbildning',
      name: `Fullföljd utbildning ${TEST_YEAR} (${label} ${i})`,
      programmeStart: testDate('01-04'),
      dates: {
        kickoff: testDate('01-27'),
        teamMeetings: [testDate('04-05'), testDate('08-18')],
        closingMeeting: testDate('11-23'),
        statusReportDue: testDate('06-10'),
        finalReportDue: testDate('02-15', 1),
      },
      steeringGroup: { chairId: cast.people.chair.id, memberIds: [cast.people.member.id] },
      responsibles: { officials: cast.people.official.id, head_teachers: cast.people.headTeacher.id },
    });
    if (res.status !== 201) throw new Error(`starting programme ${i}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    ids.push(res.body.programme.id);
  }
  return ids;
}

/** The ids of a programme's assignments, as the read model lists them. */
export async function assignmentIds(agent: Agent, programmeId: string): Promise<string[]> {
  const res = await agent.get(`/programmes/${programmeId}`);
  if (res.status !== 200) throw new Error(`reading programme ${programmeId}: ${res.status}`);
  return (res.body.assignments as Array<{ id: string }>).map((a) => a.id);
}

/** One act a scenario sends: a status note with a comment no other act has, so the audit trail can be counted by it. */
export interface StatusAct {
  programmeId: string;
  assignmentId: string;
  key: string;
  body: { status: 'in_progress' | 'paused'; comment: string };
}

export function statusActs(programmes: Array<{ id: string; assignments: string[] }>, perProgramme: number, label: string): StatusAct[] {
  return programmes.flatMap((p) =>
    p.assignments.slice(0, perProgramme).map((assignmentId, i) => ({
      programmeId: p.id,
      assignmentId,
      key: randomUUID(),
      body: { status: i % 2 === 0 ? ('in_progress' as const) : ('paused' as const), comment: `${label} ${randomUUID().slice(0, 8)}` },
    })),
  );
}

export const actPath = (act: StatusAct) => `/programmes/${act.programmeId}/assignments/${act.assignmentId}/status`;

/** How many times each act is in its programme's audit trail (-1 if the trail could not be read). */
export async function auditCounts(agent: Agent, acts: StatusAct[]): Promise<number[]> {
  const trails = new Map<string, string[]>();
  for (const id of new Set(acts.map((a) => a.programmeId))) {
    const res = await agent.get(`/programmes/${id}/audit`);
    if (res.status === 200) trails.set(id, (res.body as Array<{ data: unknown }>).map((e) => JSON.stringify(e.data ?? null)));
  }
  return acts.map((a) => {
    const trail = trails.get(a.programmeId);
    return trail ? trail.filter((d) => d.includes(a.body.comment)).length : -1;
  });
}

export type ActsColumn = NonNullable<FaultRow['acts']>;

/** The acts column of a row: acknowledged acts once, missing or twice; any act (acknowledged or not) there twice counts. */
export function actsColumn(acknowledged: boolean[], counts: number[]): ActsColumn {
  return {
    acknowledged: acknowledged.filter(Boolean).length,
    once: acknowledged.filter((a, i) => a && counts[i] === 1).length,
    missing: acknowledged.filter((a, i) => a && counts[i] < 1).length,
    twice: counts.filter((n) => n > 1).length,
  };
}

/** Waits until every acknowledged act is in the audit trail (the read model follows the workflow), then counts. */
export async function settledActs(agent: Agent, acts: StatusAct[], acknowledged: boolean[]): Promise<ActsColumn> {
  await waitUntil(async () => (await auditCounts(agent, acts)).every((n, i) => !acknowledged[i] || n >= 1), {
    timeoutMs: 60_000,
    intervalMs: 500,
    what: 'every acknowledged act in the audit trail',
  }).catch(() => undefined); // counted just below
  return actsColumn(acknowledged, await auditCounts(agent, acts));
}

/**
 * Sends each act again with its Idempotency-Key, as a client that got no answer (or a 503)
 * does, until it is answered 200 or `timeoutMs` is up; 409 idempotency_key_in_progress (a
 * killed attempt's claim, until it goes stale) is waited out. The last answer of each.
 */
export async function sendAgain(agent: Agent, acts: StatusAct[], timeoutMs: number): Promise<Array<{ status: number; replayed: boolean; code: string }>> {
  return Promise.all(
    acts.map(async (act) => {
      let last = { status: 0, replayed: false, code: '' };
      await waitUntil(
        async () => {
          const res = await agent.post(actPath(act)).set('Idempotency-Key', act.key).send(act.body);
          last = { status: res.status, replayed: res.headers['idempotent-replayed'] !== undefined, code: String(res.body?.errors?.[0]?.code ?? res.body?.code ?? '') };
          return res.status === 200;
        },
        { timeoutMs, intervalMs: 1000, what: `the act on ${act.assignmentId} sent again` },
      ).catch(() => undefined);
      return last;
    }),
  );
}

/** The row of a scenario that counts acts, not mail: each act put in, stored once, missing or twice. */
export function actsRow(scenario: string, sent: number, column: ActsColumn, fields: Pick<FaultRow, 'seconds' | 'notes' | 'problems'>): FaultRow {
  return {
    scenario,
    sent,
    delivered: column.once,
    duplicates: column.twice,
    windowDuplicates: 0,
    otherDuplicates: column.twice,
    lost: column.missing,
    newIdDuplicates: 0,
    acts: column,
    ...fields,
  };
}
