import { randomUUID } from 'node:crypto';
import type { ServiceConfig } from '@fullfolj/config';
import { workflowIds } from '@fullfolj/contracts';
import { FollowUpRepository, IndicatorFields, IndicatorRepository } from '@fullfolj/database';
import { type PlannedValueReminder, valueReminderPlan } from '@fullfolj/domain';
import { advanceTo, insertPeople, Mailbox, sentTo, startTimeSkipping, TEST_YEAR, testDate, testPeople, testServices, TimeSkippingHarness } from '@fullfolj/testing';
import { IndicatorRemindersScheduler } from '../../apps/api/src/follow-up/indicator-reminders.scheduler';
import type { TemporalCalls } from '../../apps/api/src/temporal/temporal-calls';
import type { indicatorRemindersWorkflow } from '../../workflows/indicator-reminders.workflow';

// An indicator's value reminders on the time-skipping server, sent by a real worker through
// the real outbox to the test SMTP server, compared with what valueReminderPlan (the
// function the API's preview calls) lists: the preview and the outbox agree; recording a
// period's value stops that period's reminders; escalations go to the plan's owners.
describe('indicator value reminders', () => {
  let h: TimeSkippingHarness;
  const mailbox = new Mailbox(testServices().mailDir);
  const person = testPeople();
  const owner = person('Anna');
  const coOwner = person('Erik');
  const editor = person('Fatima');
  const responsible = person('Maria');
  const reader = person('Sofia', { language: 'en', reminderDigest: true });

  beforeAll(async () => {
    h = await startTimeSkipping(`indicator-reminders-${randomUUID()}`);
    await insertPeople(h.dataSource, [owner, coOwner, editor, responsible, reader]);
  });
  afterAll(() => h?.close());

  const scheduler = () => {
    // The API's scheduler, over the test server's client (TemporalCalls only adds the API's deadline and 503s).
    const temporal = { run: <T>(_call: unknown, fn: (client: typeof h.env.client) => Promise<T>) => fn(h.env.client) } as unknown as TemporalCalls;
    return new IndicatorRemindersScheduler(temporal, { temporal: { taskQueue: h.taskQueue } } as ServiceConfig);
  };
  const now = async () => new Date(await h.env.currentTimeMs()).toISOString();

  it('sends what the plan lists, to the responsible person and the owners, and a recorded value stops its period', async () => {
    const plans = new FollowUpRepository(h.dataSource);
    const indicators = new IndicatorRepository(h.dataSource);
    const reminders = scheduler();

    const planId = randomUUID();
    const indicatorId = randomUUID();
    const VT = `${TEST_YEAR}-VT`;
    const HT = `${TEST_YEAR}-HT`;
    await plans.insertPlan({ id: planId, name: `Verksamhetsplan ${TEST_YEAR}`, municipality: 'Testkommun', year: TEST_YEAR, boards: [{ code: 'BUN', name: 'Barn- och utbildningsnämnden' }], programmeId: null, createdBy: owner.id });
    await h.dataSource.query(`INSERT INTO follow_up_plan_member (plan_id, person_id, role, added_by) VALUES ($1, $2, 'owner', $3), ($1, $4, 'editor', $3)`, [
      planId,
      coOwner.id,
      owner.id,
      editor.id,
    ]);
    const fields: IndicatorFields = {
      name: 'Andel elever med gymnasiebehörighet',
      description: 'Andel av eleverna i årskurs 9 som är behöriga till ett yrkesprogram.',
      unit: { kind: 'percent' },
      direction: 'higher',
      periodicity: 'term',
      baseline: { period: `${TEST_YEAR - 1}-HT`, value: 76 },
      targets: { [VT]: 80, [HT]: 82 },
      responsibleId: responsible.id,
      source: { kind: 'manual' },
      reportWithinWorkingDays: 10,
      activityIds: [],
    };
    expect(await indicators.inPlan(planId, (tx) => tx.insertIndicator(indicatorId, fields, owner.id))).toEqual({ value: true });

    // 'Now' on the test server: the first of June, before the first reminder.
    await advanceTo(h.env, testDate('06-01'));
    const startedAt = await now();
    const promised = valueReminderPlan(fields, TEST_YEAR, [], startedAt);
    expect(promised[0]).toMatchObject({ period: VT, key: 'before-10', audience: 'responsible' });
    expect(promised[0].at > startedAt).toBe(true);
    expect(promised.filter((r) => r.audience === 'escalation').map((r) => r.period)).toEqual([VT, HT]);

    // The API's call after the indicator was written: starts the workflow.
    await reminders.changed(indicatorId);
    const handle = h.env.client.workflow.getHandle<typeof indicatorRemindersWorkflow>(workflowIds.indicatorReminders(indicatorId));

    // Past the spring term's deadline and its escalation; then its value is recorded, and the API signals.
    await advanceTo(h.env, testDate('07-23'));
    const recordedAt = await now();
    await indicators.inPlan(planId, (tx) =>
      tx.appendValues([{ indicatorId, period: VT, value: 78.5, text: null, comment: null, effectiveOn: testDate('07-23'), actorId: responsible.id, importId: null }]),
    );
    await reminders.changed(indicatorId);
    // Through the autumn term's deadline (in January) and its escalation.
    await advanceTo(h.env, testDate('02-01', 1));
    const horizon = await now();

    // What should have gone out: the plan as it stood, cut at the recording, then the plan after it.
    const keysOf = (reminders: PlannedValueReminder[]) =>
      reminders.flatMap((r) =>
        (r.audience === 'escalation' ? [owner.id, coOwner.id] : [responsible.id]).map((p) => `indicator:${indicatorId}:${r.period}:${r.deadline}:${r.key}:${p}`),
      );
    const beforeRecording = promised.filter((r) => r.at <= recordedAt);
    const afterRecording = valueReminderPlan(fields, TEST_YEAR, [VT], recordedAt).filter((r) => r.at <= horizon);
    expect(beforeRecording.map((r) => r.key)).toEqual(expect.arrayContaining(['before-10', 'before-2', 'due', 'overdue-1', 'escalation']));
    expect(afterRecording.every((r) => r.period === HT)).toBe(true);
    expect(afterRecording.some((r) => r.audience === 'escalation')).toBe(true);
    // The spring term's remaining weekly reminders, which the recording stopped.
    const stopped = promised.filter((r) => r.period === VT && r.at > recordedAt);
    expect(stopped.length).toBeGreaterThan(0);

    const rows: Array<{ key: string; status: string; to: string; messageId: string }> = await h.dataSource.query(
      `SELECT key, status, to_address AS "to", message_id AS "messageId" FROM mail_outbox WHERE key LIKE $1 ORDER BY created_at`,
      [`indicator:${indicatorId}:%`],
    );
    expect(rows.map((r) => r.key).sort()).toEqual(keysOf([...beforeRecording, ...afterRecording]).sort());
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => keysOf(stopped).includes(r.key))).toEqual([]);
    // Escalations to the two owners (not the editor, not the responsible person); reminders to the responsible person only.
    const escalated = rows.filter((r) => r.key.includes(':escalation:'));
    expect(escalated.map((r) => r.to).sort()).toEqual([owner.email, coOwner.email, owner.email, coOwner.email].sort());
    expect(rows.filter((r) => !r.key.includes(':escalation:')).every((r) => r.to === responsible.email)).toBe(true);
    expect(rows.some((r) => r.to === editor.email)).toBe(false);

    // Every message arrived at the SMTP server once, in Swedish, linking to the plan.
    const received = await mailbox.waitFor((m) => rows.some((r) => r.messageId === m.messageId), rows.length);
    expect(received).toHaveLength(rows.length);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(rows.length);
    const escalation = received.find((m) => sentTo(coOwner.email)(m) && (m.subject ?? '').includes(`VT ${TEST_YEAR}`))!;
    expect(escalation.subject).toBe(`Försenat 5 arbetsdagar: utfall för ”Andel elever med gymnasiebehörighet” VT ${TEST_YEAR} (Verksamhetsplan ${TEST_YEAR})`);
    expect(escalation.text).toContain('Ansvarig för indikatorn är Maria');
    expect(escalation.text).toContain(`http://fullfolj.test/#/follow-up/${planId}`);

    // The autumn term's value too: nothing is left to send, and the workflow ends (the next change starts it again).
    await indicators.inPlan(planId, (tx) =>
      tx.appendValues([{ indicatorId, period: HT, value: 81, text: null, comment: null, effectiveOn: testDate('02-01', 1), actorId: responsible.id, importId: null }]),
    );
    await reminders.changed(indicatorId);
    // (Not handle.result(): awaiting it lets the test server skip time far ahead once nothing is pending.)
    await advanceTo(h.env, testDate('02-02', 1));
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('a monthly indicator: reminders of several months on one morning all go out, a new responsible person gets the rest, across continue-as-new', async () => {
    const plans = new FollowUpRepository(h.dataSource);
    const indicators = new IndicatorRepository(h.dataSource);
    const reminders = scheduler();
    // The clock stands where the first test left it (February the year after), so this plan is for that year.
    const year = TEST_YEAR + 1;
    const planId = randomUUID();
    const indicatorId = randomUUID();
    await plans.insertPlan({ id: planId, name: `Verksamhetsplan ${year}`, municipality: 'Testkommun', year, boards: [{ code: 'BUN', name: 'Barn- och utbildningsnämnden' }], programmeId: null, createdBy: owner.id });
    const fields: IndicatorFields = {
      name: 'Närvaro',
      description: '',
      unit: { kind: 'percent' },
      direction: 'higher',
      periodicity: 'month',
      baseline: null,
      targets: {},
      // Takes the daily digest, which lists programme items only: value reminders still come one by one.
      responsibleId: reader.id,
      source: { kind: 'manual' },
      reportWithinWorkingDays: 10,
      activityIds: [],
    };
    await indicators.inPlan(planId, (tx) => tx.insertIndicator(indicatorId, fields, owner.id));
    const startedAt = await now();
    await reminders.changed(indicatorId);
    const handle = h.env.client.workflow.getHandle<typeof indicatorRemindersWorkflow>(workflowIds.indicatorReminders(indicatorId));
    const firstRun = (await handle.describe()).runId;

    await advanceTo(h.env, `${year}-06-15`);
    const handedOverAt = await now();
    await indicators.inPlan(planId, (tx) => tx.updateIndicator(indicatorId, { ...fields, responsibleId: responsible.id }));
    await reminders.changed(indicatorId);
    await advanceTo(h.env, `${year}-12-31`);
    const horizon = await now();

    const promised = valueReminderPlan(fields, year, [], startedAt).filter((r) => r.at <= horizon);
    const mornings = new Map<string, number>();
    for (const r of promised) mornings.set(r.at, (mornings.get(r.at) ?? 0) + 1);
    expect([...mornings.values()].some((n) => n > 1)).toBe(true); // e.g. one month's weekly reminder and the next month's first
    const expected = promised.flatMap((r) => {
      const to = r.audience === 'escalation' ? owner.id : r.at <= handedOverAt ? reader.id : responsible.id;
      return [`indicator:${indicatorId}:${r.period}:${r.deadline}:${r.key}:${to}`];
    });
    const rows: Array<{ key: string; status: string; to: string; subject: string }> = await h.dataSource.query(
      `SELECT key, status, to_address AS "to", subject FROM mail_outbox WHERE key LIKE $1 ORDER BY created_at`,
      [`indicator:${indicatorId}:%`],
    );
    expect(rows.map((r) => r.key).sort()).toEqual(expected.sort());
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    // In the reader's language, with the month as English readers name it.
    expect(rows.find((r) => r.key.includes(`:${year}-02:`) && r.key.endsWith(`:before-10:${reader.id}`))?.subject).toMatch(/^Reminder: the value of "Närvaro" for February \d{4} is due /);
    // Far more plans than one run keeps (PLANS_PER_RUN, 100): the workflow continued as new, carrying where it stood.
    expect(promised.length).toBeGreaterThan(100);
    expect((await handle.describe()).runId).not.toBe(firstRun);
  });
});
