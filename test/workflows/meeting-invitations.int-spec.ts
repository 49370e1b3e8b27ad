import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { localDateTimeToInstant } from '@fullfolj/domain';
import { advanceTo, agreedState, Mailbox, sentTo, startTimeSkipping, testDate, testServices, TimeSkippingHarness, insertPeople, insertTestTemplate, testPeople } from '@fullfolj/testing';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

// Meeting invitations from the programme workflow: sent to the meeting's participants when
// its phase opens, updated (same UID, higher SEQUENCE) when it moves, cancelled with
// METHOD:CANCEL; each calendar part parsed with ical.js and applied to a calendar.
describe('meeting invitations', () => {
  let h: TimeSkippingHarness;
  const mailbox = new Mailbox(testServices().mailDir);
  const person = testPeople();
  const owner = person('Anna');
  const chair = person('Erik');
  const politician = person('Karin');
  const headTeacher = person('Lars');

  beforeAll(async () => {
    h = await startTimeSkipping(`meetings-${randomUUID()}`);
    await insertTestTemplate(h.dataSource, 'meetings');
    await insertPeople(h.dataSource, [owner, chair, politician, headTeacher]);
  });
  afterAll(() => h?.close());

  function calendarOf(mail: ParsedMail) {
    const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
    if (!part) throw new Error(`no calendar part in "${mail.subject}"`);
    const component = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    return { component, method: String(component.getFirstPropertyValue('method')), event: new ICAL.Event(component.getFirstSubcomponent('vevent')!) };
  }

  it('invites when the phase opens, updates when a meeting moves, cancels when it is cancelled', async () => {
    const programmeId = randomUUID();
    const def: ProgrammeDefinition = {
      programmeId,
      name: 'Mötesprogram',
      template: { id: 'meetings', version: 1 },
      ownerId: owner.id,
      phases: [{ key: 'work', name: { sv: 'Genomförande', en: 'Work' }, startDate: testDate('02-01'), endDate: testDate('11-30'), gate: null }],
      meetings: [
        {
          key: 'kickoff',
          phaseKey: 'work',
          kind: 'kickoff',
          name: { sv: 'Uppstartsträff', en: 'Kick-off' },
          date: testDate('03-24'),
          startTime: '13:00',
          durationMinutes: 90,
          participants: ['programme_owner', 'steering_group', 'reference_group'],
        },
        { key: 'team-1', phaseKey: 'work', kind: 'team', name: { sv: 'Utvecklingsteamträff 1', en: 'Team meeting 1' }, date: testDate('05-05'), participants: ['development_team'] },
      ],
      assignments: [],
      roles: [
        { personId: owner.id, role: 'owner' },
        { personId: chair.id, role: 'steering_chair' },
        { personId: politician.id, role: 'reference' },
        { personId: headTeacher.id, role: 'team_member', team: 'Gymnasiet' },
      ],
    };
    const handle = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);
    expect(await mailbox.find((m) => sentTo(owner.email)(m) && /Uppstartsträff/.test(m.subject ?? ''))).toHaveLength(0); // not before the phase opens
    await advanceTo(h.env, testDate('02-02'));

    // The kick-off goes to the owner, the steering group and the reference group; the team meeting to the team.
    const uid = `${programmeId}.kickoff@fullfolj`;
    const kickoff = (m: ParsedMail) => m.attachments.some((a) => a.contentType === 'text/calendar' && a.content.toString().includes(uid));
    const invitations = await mailbox.waitFor(kickoff, 3);
    expect(invitations.map((m) => m.to && [m.to].flat()[0].value[0].address).sort()).toEqual([chair.email, owner.email, politician.email].sort());
    const first = calendarOf(invitations[0]);
    // The link opens the programme's page in the web app, not an API route that answers JSON.
    expect(invitations[0].text).toContain(`/#/programmes/${programmeId}`);
    expect(invitations[0].text).not.toMatch(new RegExp(`[^#]/programmes/${programmeId}`));
    expect(first.method).toBe('REQUEST');
    expect(first.event.uid).toBe(uid);
    expect(first.event.sequence).toBe(0);
    expect(first.event.startDate.toJSDate().toISOString()).toBe(localDateTimeToInstant(testDate('03-24'), '13:00'));
    expect(first.event.endDate.toJSDate().toISOString()).toBe(new Date(Date.parse(localDateTimeToInstant(testDate('03-24'), '13:00')) + 90 * 60_000).toISOString());
    expect(first.component.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Stockholm');
    await mailbox.waitFor((m) => sentTo(headTeacher.email)(m) && m.attachments.some((a) => a.content.toString().includes(`${programmeId}.team-1@fullfolj`)));

    // Moved across the daylight-saving change: an update with the same UID and a higher SEQUENCE replaces the event.
    await expect(handle.executeUpdate(programmeUpdates.moveMeeting, { args: [{ actorId: owner.id, meetingKey: 'kickoff', date: testDate('03-31'), reason: ' ' }] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await expect(
      handle.executeUpdate(programmeUpdates.moveMeeting, { args: [{ actorId: owner.id, meetingKey: 'kickoff', date: testDate('03-31'), startTime: '24:00', reason: 'Krock' }] }),
    ).rejects.toMatchObject({ cause: { message: 'must be a time HH:mm', details: [{ field: 'startTime', code: 'must_be_time' }] } });
    await handle.executeUpdate(programmeUpdates.moveMeeting, {
      args: [{ actorId: owner.id, meetingKey: 'kickoff', date: testDate('03-31'), startTime: '09:30', reason: 'Krock med nämndens sammanträde' }],
    });
    const updates = await mailbox.waitFor((m) => kickoff(m) && calendarOf(m).event.sequence === 1, 3);
    const update = calendarOf(updates.find(sentTo(chair.email))!);
    expect(update.method).toBe('REQUEST');
    expect(update.event.startDate.toJSDate().toISOString()).toBe(localDateTimeToInstant(testDate('03-31'), '09:30'));

    const calendar = new ICAL.Component(['vcalendar', [], []]);
    const apply = (incoming: ReturnType<typeof calendarOf>) => {
      const existing = calendar.getAllSubcomponents('vevent').find((e) => new ICAL.Event(e).uid === incoming.event.uid);
      if (existing && new ICAL.Event(existing).sequence > incoming.event.sequence) return;
      if (existing) calendar.removeSubcomponent(existing);
      if (incoming.method !== 'CANCEL') calendar.addSubcomponent(incoming.event.component);
    };
    apply(first);
    apply(update);
    expect(calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e).startDate.toJSDate().toISOString())).toEqual([localDateTimeToInstant(testDate('03-31'), '09:30')]);

    await handle.executeUpdate(programmeUpdates.cancelMeeting, { args: [{ actorId: owner.id, meetingKey: 'kickoff', reason: 'Ersätts av ett digitalt möte' }] });
    const cancels = await mailbox.waitFor((m) => kickoff(m) && calendarOf(m).method === 'CANCEL', 3);
    const cancel = calendarOf(cancels.find(sentTo(politician.email))!);
    expect(cancel.event.sequence).toBe(2);
    expect(cancel.component.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
    apply(cancel);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);

    const { db } = await agreedState(handle, h.dataSource);
    expect(db.meetings.find((m) => m.key === 'kickoff')).toMatchObject({ status: 'cancelled', sequence: 2, date: testDate('03-31'), startTime: '09:30' });
    // Each person got each version once.
    expect(await mailbox.find((m) => kickoff(m) && sentTo(owner.email)(m))).toHaveLength(3);
    await handle.terminate('test done');
  });
});
