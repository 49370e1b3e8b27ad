import { randomUUID } from 'node:crypto';
import { ApiStack, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';

// Contact details are shown only to those who need them (issue 15, finding 10): the person
// themself, people who share a programme with them, and administrators. Anyone else gets the
// same 404 as for an id that does not exist; owners still find everyone by name to appoint them.
describe('who may see whose e-mail and unit', () => {
  let stack: ApiStack;
  let people: ApiStack['people'];
  let agents: ApiStack['agents'];
  let programmeId: string;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ people, agents } = stack);
    // `owner` (from the stack) is an administrator; `planner` may own programmes but is not one.
    await stack.addPerson('planner', 'Pia Planerare', { canOwnProgrammes: true });
    for (const [key, name] of [
      ['chair', 'Erik Johansson'],
      ['member', 'Fatima Hassan'],
      ['official', 'Maria Tjänsteperson'],
      ['headTeacher', 'Lars Berg'],
      ['secretary', 'Sara Ek'],
      ['politician', 'Karin Holm'],
      ['stranger', 'Nils Utomstående'],
    ]) {
      await stack.addPerson(key, name);
    }
    programmeId = randomUUID();
    await agents.planner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${TEST_YEAR}`,
        programmeStart: testDate('01-04'),
        dates: {
          kickoff: testDate('01-27'),
          teamMeetings: [testDate('04-05'), testDate('08-18')],
          closingMeeting: testDate('11-23'),
          statusReportDue: testDate('06-10'),
          finalReportDue: testDate('02-15', 1),
        },
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        referenceGroupIds: [people.politician.id],
        teams: [{ name: 'Utvecklingsteam Gymnasiet', memberIds: [people.headTeacher.id] }],
        secretaryId: people.secretary.id,
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
  });

  afterAll(() => stack?.close());

  it('GET /people/:id: 404 for someone who shares no programme, exactly as for an unknown id', async () => {
    const hidden = await agents.stranger.get(`/people/${people.planner.id}`).expect(404);
    const unknown = await agents.stranger.get(`/people/${randomUUID()}`).expect(404);
    expect(hidden.body).toEqual(unknown.body);
    expect(JSON.stringify(hidden.body)).not.toContain(people.planner.email);
    // Nor the other way round: an owner sees no one's details outside their programmes.
    await agents.planner.get(`/people/${people.stranger.id}`).expect(404);
    await agents.politician.get(`/people/${people.stranger.id}`).expect(404);
  });

  it('GET /people/:id shows the person to themself, to those who share a programme, and to administrators', async () => {
    const self = await agents.stranger.get(`/people/${people.stranger.id}`).expect(200);
    expect(self.body).toMatchObject({ id: people.stranger.id, email: people.stranger.email, organisationUnit: 'Utbildningsförvaltningen' });
    const colleague = await agents.politician.get(`/people/${people.secretary.id}`).expect(200);
    expect(colleague.body).toMatchObject({ id: people.secretary.id, email: people.secretary.email, organisationUnit: 'Utbildningsförvaltningen' });
    await agents.planner.get(`/people/${people.politician.id}`).expect(200);
    const admin = await agents.owner.get(`/people/${people.stranger.id}`).expect(200);
    expect(admin.body.email).toBe(people.stranger.email);
  });

  it('GET /people: an owner finds everyone by name and id, but e-mail and unit only of those who share a programme', async () => {
    const list = await agents.planner.get('/people').expect(200);
    const entry = (id: string) => list.body.find((p: { id: string }) => p.id === id);
    expect(entry(people.stranger.id)).toEqual({ id: people.stranger.id, name: 'Nils Utomstående', active: true });
    expect(entry(people.owner.id)).toEqual({ id: people.owner.id, name: 'Anna Lindqvist', active: true });
    expect(entry(people.politician.id)).toMatchObject({ email: people.politician.email, organisationUnit: 'Utbildningsförvaltningen' });
    expect(entry(people.planner.id)).toMatchObject({ email: people.planner.email });
    expect(JSON.stringify(list.body)).not.toContain(people.stranger.email);

    const all = await agents.owner.get('/people').expect(200);
    expect(all.body.find((p: { id: string }) => p.id === people.stranger.id)).toMatchObject({ email: people.stranger.email });
    await agents.stranger.get('/people').expect(403);
  });

  it('once their role is revoked, the programme no longer shows them to each other', async () => {
    await agents.planner.get(`/people/${people.politician.id}`).expect(200);
    await agents.planner.delete(`/programmes/${programmeId}/roles/${people.politician.id}/reference`).expect(200);
    await agents.planner.get(`/people/${people.politician.id}`).expect(404);
    await agents.politician.get(`/people/${people.secretary.id}`).expect(404);
  });
});
