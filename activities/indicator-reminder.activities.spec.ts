import type { IndicatorRow, RecipientRow } from '@fullfolj/database';
import type { MailRequest } from '@fullfolj/contracts';
import { type PlannedValueReminder, valueReminderPlan } from '@fullfolj/domain';
import { createIndicatorReminderActivities, remindersToCome } from './indicator-reminder.activities';

// The activities over fakes of their repositories and of the outbox (the int test in
// test/workflows/indicator-reminders.int-spec.ts runs them over the real ones).

const at = (iso: string) => new Date(iso).toISOString();
const reminder = (period: string, key: string, when: string, audience: 'responsible' | 'escalation' = 'responsible'): PlannedValueReminder => ({
  period,
  deadline: `${period.slice(0, 4)}-07-14`,
  key,
  kind: audience === 'escalation' ? 'escalation' : 'before',
  workingDays: 2,
  date: when.slice(0, 10),
  at: at(when),
  audience,
});

describe('remindersToCome', () => {
  const plan = [
    reminder('2027-01', 'escalation', '2027-03-08T07:00:00Z', 'escalation'),
    reminder('2027-02', 'before-2', '2027-03-08T07:00:00Z'),
    reminder('2027-01', 'overdue-week-1', '2027-03-09T07:00:00Z'),
    reminder('2027-02', 'due', '2027-03-10T07:00:00Z'),
  ];

  it('keeps what comes after now, and what falls at the cursor instant that is not sent yet', () => {
    const cursor = { at: at('2027-03-08T07:00:00Z'), sent: ['2027-01:2027-07-14:escalation'] };
    expect(remindersToCome(plan, cursor, at('2027-03-08T07:00:05Z')).map((r) => `${r.period}:${r.key}`)).toEqual(['2027-02:before-2', '2027-01:overdue-week-1', '2027-02:due']);
  });

  it('drops what passed after the cursor instant (a slow send, or a change in between): never sent late', () => {
    const cursor = { at: at('2027-03-08T07:00:00Z'), sent: ['2027-01:2027-07-14:escalation', '2027-02:2027-07-14:before-2'] };
    expect(remindersToCome(plan, cursor, at('2027-03-09T09:00:00Z')).map((r) => r.key)).toEqual(['due']);
  });

  it('a fresh cursor (start, or after a change) at now: only what comes later', () => {
    expect(remindersToCome(plan, { at: at('2027-03-09T07:00:00Z'), sent: [] }, at('2027-03-09T07:00:00Z')).map((r) => r.key)).toEqual(['overdue-week-1', 'due']);
  });
});

describe('indicator reminder activities', () => {
  const planId = 'b0b0b0b0-0000-4000-8000-000000000001';
  const indicatorId = 'c0c0c0c0-0000-4000-8000-000000000002';
  const people: Record<string, RecipientRow> = {
    lars: { id: 'lars', name: 'Lars Berg', email: 'lars@kommun.example', language: 'sv', reminderDigest: true },
    sofia: { id: 'sofia', name: 'Sofia Karlsson', email: 'sofia@kommun.example', language: 'en', reminderDigest: false },
    anna: { id: 'anna', name: 'Anna Lindqvist', email: 'anna@kommun.example', language: 'sv', reminderDigest: false },
    erik: { id: 'erik', name: 'Erik Johansson', email: 'erik@kommun.example', language: 'sv', reminderDigest: false },
  };
  const indicator = (over: Partial<IndicatorRow> = {}): IndicatorRow => ({
    id: indicatorId,
    planId,
    position: 1,
    name: 'Andel elever med gymnasiebehörighet',
    description: '',
    unit: { kind: 'percent' },
    direction: 'higher',
    periodicity: 'term',
    baseline: null,
    targets: { '2027-VT': 80, '2027-HT': 82 },
    responsibleId: 'lars',
    responsibleName: 'Lars Berg',
    source: { kind: 'manual' },
    reportWithinWorkingDays: 10,
    activityIds: [],
    updatedAt: '2027-01-10T10:00:00.000Z',
    ...over,
  });

  type Target = { indicator: IndicatorRow; planName: string; planYear: number; reported: string[] } | null;

  function setup() {
    const state: { target: Target } = { target: { indicator: indicator(), planName: 'Verksamhetsplan 2027', planYear: 2027, reported: [] } };
    const reminderTarget = (): Promise<Target> => Promise.resolve(state.target);
    const outbox = new Map<string, MailRequest & { sent: boolean }>();
    const activities = createIndicatorReminderActivities({
      indicators: { reminderTarget },
      indicatorNotifications: { planOwnerIds: (id) => Promise.resolve(id === planId ? ['anna', 'erik'] : []) },
      notifications: { recipients: (ids) => Promise.resolve(ids.map((id) => people[id]).filter(Boolean)) },
      mail: {
        enqueueMail: (request) => {
          if (!outbox.has(request.key)) outbox.set(request.key, { ...request, sent: false });
          return Promise.resolve(request.key);
        },
        deliverMail: (key) => {
          const row = outbox.get(key)!;
          const sentNow = !row.sent;
          row.sent = true;
          return Promise.resolve({ key, messageId: `<${key}>`, sentNow });
        },
      },
      baseUrl: 'https://fullfolj.kommun.se',
    });
    const plan = (after = '2027-01-15T12:00:00.000Z') => valueReminderPlan(state.target!.indicator, 2027, state.target!.reported, after);
    return { state, outbox, activities, plan };
  }

  it('plans the next reminder from the database, as valueReminderPlan lists it; found: false once the indicator is gone', async () => {
    const { state, activities, plan } = setup();
    const now = '2027-01-15T12:00:00.000Z';
    expect(await activities.planIndicatorReminders({ indicatorId, cursor: { at: now, sent: [] }, now })).toEqual({ found: true, next: plan(now)[0] });
    expect(plan(now)[0]).toMatchObject({ period: '2027-VT', key: 'before-10', deadline: '2027-07-14', audience: 'responsible' });
    state.target = null;
    expect(await activities.planIndicatorReminders({ indicatorId, cursor: { at: now, sent: [] }, now })).toEqual({ found: false });
  });

  it('sends a reminder once to the person responsible, even one who takes the digest, under its idempotency key', async () => {
    const { outbox, activities, plan } = setup();
    const first = plan()[0];
    expect(await activities.sendIndicatorReminder({ indicatorId, reminder: first })).toBe('2027-VT:2027-07-14:before-10');
    expect(await activities.sendIndicatorReminder({ indicatorId, reminder: first })).toBe('2027-VT:2027-07-14:before-10'); // a retry
    expect([...outbox.keys()]).toEqual([`indicator:${indicatorId}:2027-VT:2027-07-14:before-10:lars`]);
    const mail = outbox.get(`indicator:${indicatorId}:2027-VT:2027-07-14:before-10:lars`)!;
    expect(mail.to).toBe('lars@kommun.example');
    expect(mail.subject).toBe('Påminnelse: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 – sista dag onsdag 14 juli 2027 (Verksamhetsplan 2027)');
    expect(mail.text).toContain(`https://fullfolj.kommun.se/#/follow-up/${planId}`);
  });

  it('re-reads the indicator: nothing once the period is reported; the current responsible person (in their language) after a change', async () => {
    const { state, outbox, activities, plan } = setup();
    const [first] = plan();
    state.target = { ...state.target!, indicator: indicator({ responsibleId: 'sofia', responsibleName: 'Sofia Karlsson' }) };
    await activities.sendIndicatorReminder({ indicatorId, reminder: first });
    expect([...outbox.keys()]).toEqual([`indicator:${indicatorId}:2027-VT:2027-07-14:before-10:sofia`]);
    expect([...outbox.values()][0].subject).toBe('Reminder: the value of "Andel elever med gymnasiebehörighet" for Spring 2027 is due Wednesday 14 July 2027 (Verksamhetsplan 2027)');

    const second = plan().find((r) => r.key === 'before-2')!;
    state.target = { ...state.target, reported: ['2027-VT'] };
    expect(await activities.sendIndicatorReminder({ indicatorId, reminder: second })).toBeNull();
    // Nobody responsible, or a deadline moved since the plan: no longer this reminder either.
    state.target = { ...state.target, reported: [], indicator: indicator({ responsibleId: null, responsibleName: null }) };
    expect(await activities.sendIndicatorReminder({ indicatorId, reminder: second })).toBeNull();
    state.target = { ...state.target, indicator: indicator({ reportWithinWorkingDays: 15 }) };
    expect(await activities.sendIndicatorReminder({ indicatorId, reminder: second })).toBeNull();
    expect(outbox.size).toBe(1);
  });

  it("sends an escalation to the plan's owners, naming the person responsible", async () => {
    const { outbox, activities, plan } = setup();
    const escalation = plan().find((r) => r.audience === 'escalation' && r.period === '2027-VT')!;
    expect(escalation).toMatchObject({ key: 'escalation', date: '2027-07-21' });
    await activities.sendIndicatorReminder({ indicatorId, reminder: escalation });
    expect([...outbox.keys()]).toEqual(['anna', 'erik'].map((p) => `indicator:${indicatorId}:2027-VT:2027-07-14:escalation:${p}`));
    const mail = [...outbox.values()][0];
    expect(mail.subject).toBe('Försenat 5 arbetsdagar: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 (Verksamhetsplan 2027)');
    expect(mail.text).toContain('Ansvarig för indikatorn är Lars Berg (lars@kommun.example)');
  });
});
