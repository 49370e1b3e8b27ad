import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { AssignmentDefinition, programmeUpdates, ProgrammeDefinition, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { verifyItemLink } from '@fullfolj/mail';
import { advanceTo, agreedState, Mailbox, sentTo, startTimeSkipping, TEST_LINK_SECRET, testDate, testServices, TimeSkippingHarness, insertPeople, insertTestTemplate, testPeople } from '@fullfolj/testing';
import { addDays, WorkingDayCalendar } from '@fullfolj/domain';
import { PreviewEntry, previewReminders } from '@fullfolj/domain';
import type { programmeWorkflow } from '../../workflows/programme.workflow';

// Reminders and escalations on the time-skipping server, sent through the real outbox to
// the real test SMTP server, compared with what the preview (the same planner) promised:
// for an assignment, a report, minutes after a meeting and a gate, with a completion, a
// moved deadline and a reassignment changing what goes out. The planner's own tests pin
// weekends, Swedish holidays and daylight-saving changes on fixed dates.
describe('item reminders', () => {
  let h: TimeSkippingHarness;
  const mailbox = new Mailbox(testServices().mailDir);
  const person = testPeople();
  const owner = person('Anna');
  const chair = person('Erik');
  const member = person('Fatima');
  const official = person('Maria');
  const secretary = person('Sara');
  const successor = person('Lars', { language: 'en' });

  beforeAll(async () => {
    h = await startTimeSkipping(`reminders-${randomUUID()}`);
    await insertTestTemplate(h.dataSource, 'reminders');
    await insertPeople(h.dataSource, [owner, chair, member, official, secretary, successor]);
  });
  afterAll(() => h?.close());

  it('sends what the preview lists, once each, and completion, a moved deadline and a reassignment change it', async () => {
    const programmeId = randomUUID();
    const item = (title: string, kind: AssignmentDefinition['kind'], dueDate: string, responsibleId: string, extra: Partial<AssignmentDefinition> = {}): AssignmentDefinition => ({
      id: randomUUID(),
      phaseKey: 'work',
      kind,
      title,
      responsibleId,
      dueDate,
      ...extra,
    });
    // Across daylight saving (late March), national day (6 June), the weekends between.
    const assignment = item('Nulägesanalys', 'assignment', testDate('04-01'), official.id);
    const report = item('Lägesrapport till nämnderna', 'report', testDate('06-06'), official.id);
    const minutes = item('Protokoll: Uppstartsträff', 'minutes', testDate('02-10'), secretary.id, { reminderPolicy: { daysBefore: [] } });
    const def: ProgrammeDefinition = {
      programmeId,
      name: 'Påminnelseprogram',
      template: { id: 'reminders', version: 1 },
      ownerId: owner.id,
      phases: [
        {
          key: 'work',
          name: { sv: 'Genomförande', en: 'Work' },
          startDate: testDate('01-04'),
          endDate: testDate('06-30'),
          gate: { name: { sv: 'Klart för avslut', en: 'Ready to close' }, rule: 'all', dueDate: testDate('07-09') },
        },
        { key: 'close', name: { sv: 'Avslut', en: 'Closing' }, startDate: testDate('07-01'), endDate: testDate('12-31'), gate: null },
      ],
      meetings: [],
      assignments: [assignment, report, minutes],
      roles: [
        { personId: owner.id, role: 'owner' },
        { personId: chair.id, role: 'steering_chair' },
        { personId: member.id, role: 'steering_member' },
        { personId: official.id, role: 'responsible' },
        { personId: secretary.id, role: 'responsible' },
      ],
    };
    const preview = (items: AssignmentDefinition[], after?: string, gate = true) =>
      previewReminders({
        ownerId: owner.id,
        chairId: chair.id,
        items: items.map((i) => ({ ...i, responsibleId: i.responsibleId ?? null, completed: false })),
        gates: gate ? [{ phaseKey: 'work', name: 'Klart för avslut', dueDate: testDate('07-09'), undecided: [chair.id, member.id], decided: false }] : [],
        after,
      });
    const promised = preview(def.assignments);
    const now = async () => new Date(await h.env.currentTimeMs()).toISOString();

    const handle: WorkflowHandle<typeof programmeWorkflow> = await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [{ definition: def }],
    });
    await handle.executeUpdate(programmeUpdates.started);

    // February: the minutes are due on the 10th; the morning after, still missing, they go to a new secretary.
    await advanceTo(h.env, testDate('02-11'));
    const reassignedAt = await now();
    await handle.executeUpdate(programmeUpdates.reassign, { args: [{ actorId: owner.id, assignmentId: minutes.id, responsibleId: successor.id }] });
    // March: the assignment is done a day before its deadline.
    await advanceTo(h.env, testDate('03-31'));
    const completedAt = await now();
    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official.id, assignmentId: assignment.id }] });
    // May: the report's board meeting moves; so does its deadline.
    await advanceTo(h.env, testDate('05-28'));
    const movedAt = await now();
    const movedTo = testDate('06-17');
    await handle.executeUpdate(programmeUpdates.moveDeadline, { args: [{ actorId: owner.id, assignmentId: report.id, dueDate: movedTo, reason: 'Nämndens sammanträde flyttat' }] });
    // The report is handed in on time, then the gate waits past its deadline.
    await advanceTo(h.env, testDate('06-16'));
    const reportDoneAt = await now();
    await handle.executeUpdate(programmeUpdates.complete, { args: [{ actorId: official.id, assignmentId: report.id }] });
    await advanceTo(h.env, testDate('07-20'));
    await agreedState(handle, h.dataSource);

    // What should have gone out: the preview, cut by each act at the moment it happened.
    const before = (entries: PreviewEntry[], t: string) => entries.filter((e) => e.at <= t);
    const between = (entries: PreviewEntry[], from: string, to: string) => entries.filter((e) => e.at > from && e.at <= to);
    const ofItem = (entries: PreviewEntry[], id: string) => entries.filter((e) => e.subject.type === 'item' && e.subject.itemId === id);
    const expected = [
      ...before(ofItem(promised, minutes.id), reassignedAt),
      ...ofItem(preview([{ ...minutes, responsibleId: successor.id }], reassignedAt, false), minutes.id),
      ...before(ofItem(promised, assignment.id), completedAt),
      ...before(ofItem(promised, report.id), movedAt),
      ...between(ofItem(preview([{ ...report, dueDate: movedTo }], undefined, false), report.id), movedAt, reportDoneAt),
      ...promised.filter((e) => e.subject.type === 'gate'),
    ].flatMap((e) =>
      e.recipientIds.map((r) => `${e.subject.type === 'item' ? e.subject.itemId : 'gate'}:${e.subject.type === 'item' ? e.dueDate : ''}:${e.kind}:${e.reminderKey}:${r}`),
    );
    // … within the time the test let pass (overdue minutes keep being reminded weekly).
    const horizon = await now();
    const expectedByNow = expected.filter((k) => {
      const [itemId, due, , key] = k.split(':');
      const entry = [...promised, ...preview([{ ...minutes, responsibleId: successor.id }], undefined, false), ...preview([{ ...report, dueDate: movedTo }], undefined, false)].find(
        (e) => (e.subject.type === 'item' ? e.subject.itemId === itemId && e.dueDate === due : itemId === 'gate') && e.reminderKey === key,
      );
      return entry!.at <= horizon;
    });

    const rows: Array<{ key: string; status: string; messageId: string }> = await h.dataSource.query(
      `SELECT key, status, message_id AS "messageId" FROM mail_outbox WHERE key LIKE ANY($1) ORDER BY created_at`,
      [[...def.assignments.map((a) => `item:${a.id}:%`), `gate:${programmeId}:%`]],
    );
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const sent = rows
      .filter((r) => !r.key.includes(':handover:'))
      .map((r) => {
        const parts = r.key.split(':');
        if (parts[0] === 'gate') {
          // gate:<programme>:<phase>:r<round>:<kind>:<index>:<person>; index follows the plan's order
          const gatePlan = promised.filter((e) => e.subject.type === 'gate');
          return `gate::${parts[4]}:${gatePlan[Number(parts[5])].reminderKey}:${parts[6]}`;
        }
        const [, itemId, due, key, recipient] = parts;
        return `${itemId}:${due}:${key === 'escalation' ? 'escalation' : 'reminder'}:${key}:${recipient}`;
      });
    expect([...sent].sort()).toEqual([...expectedByNow].sort());

    // The reassignment told the new person, in their language, with a link that opens the item for them.
    const [handover] = await mailbox.waitFor((m) => sentTo(successor.email)(m) && /now responsible/i.test(m.subject ?? ''));
    const token = /\/l\/([A-Za-z0-9_.-]+)/.exec(handover.text ?? '')![1];
    // Links expire by the wall clock (activities run in real time), not the test server's skipped clock.
    expect(verifyItemLink(token, TEST_LINK_SECRET)).toMatchObject({ ok: true, link: { itemId: minutes.id, personId: successor.id } });
    // The old secretary heard nothing after the handover; every message arrived once.
    expect(rows.filter((r) => r.key.endsWith(`:${secretary.id}`)).length).toBe(before(ofItem(promised, minutes.id), reassignedAt).length);
    const received = await mailbox.waitFor((m) => rows.some((r) => r.messageId === m.messageId), rows.length);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(rows.length);
    expect(received).toHaveLength(rows.length);
  });

  it('a person who takes the digest gets one mail each working morning instead of one per reminder', async () => {
    const reader = person('Sofia', { reminderDigest: true });
    await insertPeople(h.dataSource, [reader]);
    const programmeId = randomUUID();
    const first = { id: randomUUID(), phaseKey: 'work', kind: 'assignment' as const, title: 'Sammanställ enkätsvar', responsibleId: reader.id, dueDate: testDate('09-15') };
    const second = { id: randomUUID(), phaseKey: 'work', kind: 'report' as const, title: 'Delårsrapport', responsibleId: reader.id, dueDate: testDate('09-17') };
    const other = { id: randomUUID(), phaseKey: 'work', kind: 'assignment' as const, title: 'Boka lokal', responsibleId: official.id, dueDate: testDate('09-15') };
    await h.env.client.workflow.start<typeof programmeWorkflow>(workflowTypes.programme, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.programme(programmeId),
      args: [
        {
          definition: {
            programmeId,
            name: 'Sammanfattningsprogram',
            template: { id: 'reminders', version: 1 },
            ownerId: owner.id,
            phases: [{ key: 'work', name: { sv: 'Arbete', en: 'Work' }, startDate: testDate('08-20'), endDate: testDate('12-31'), gate: null }],
            meetings: [],
            assignments: [first, second, other],
            roles: [{ personId: owner.id, role: 'owner' }],
          },
        },
      ],
    });
    await h.env.client.workflow.start(workflowTypes.digest, { taskQueue: h.taskQueue, workflowId: workflowIds.digest(), workflowIdConflictPolicy: 'USE_EXISTING' });
    await advanceTo(h.env, testDate('09-16'));

    const keys: string[] = (await h.dataSource.query(`SELECT key FROM mail_outbox WHERE key LIKE $1 OR key LIKE $2 OR key LIKE $3 ORDER BY key`, [
      `%:${reader.id}`,
      `digest:${reader.id}:%`,
      `item:${other.id}:%`,
    ])).map((r: { key: string }) => r.key);
    expect(keys.filter((k) => k.startsWith('item:') && k.endsWith(reader.id))).toEqual([]); // no single reminders for the digest reader
    expect(keys.some((k) => k.startsWith(`item:${other.id}:`))).toBe(true); // others still get theirs

    // One digest per working morning from the first on which something was coming (10 working days ahead), through 16 September.
    const calendar = new WorkingDayCalendar();
    const expectedDays: string[] = [];
    for (let d = testDate('08-20'); d <= testDate('09-16'); d = addDays(d, 1)) {
      if (calendar.isWorkingDay(d) && calendar.addWorkingDays(d, 10) >= first.dueDate) expectedDays.push(d);
    }
    expect(keys.filter((k) => k.startsWith('digest:')).map((k) => k.split(':')[2])).toEqual(expectedDays);
    const [lastDigest] = await h.dataSource.query(`SELECT text_body AS text FROM mail_outbox WHERE key = $1`, [`digest:${reader.id}:${testDate('09-16')}`]);
    expect(lastDigest.text).toContain('Sammanställ enkätsvar'); // overdue since the 15th
    expect(lastDigest.text).toContain('Delårsrapport'); // coming on the 17th
    expect(await mailbox.waitFor(sentTo(reader.email), expectedDays.length)).toHaveLength(expectedDays.length);
  });
});
