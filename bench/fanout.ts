// Benchmark 1: N reminders fall due at the same real instant. Product path: N item-reminder
// workflows (the workflow a programme starts for each open item) sleep on their timers, then
// the worker's activities render each reminder, record it in mail_outbox and send it over SMTP.
// Limit: nodemailer's pooled transport sending the same N messages straight to the same server.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { Pool } from 'pg';
import { temporalPayloadKeys } from '@fullfolj/config';
import { ItemRemindersInput, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { localDateTimeToInstant, ReminderPolicy, WorkingDayCalendar } from '@fullfolj/domain';
import { encryptedDataConverter } from '@fullfolj/runtime';
import { BenchResult, percentile, pool, round, seedPeople, sleep, sortNumbers, stockholmTime, stockholmToday } from './common';
import { cpuBetween, cpuSnapshot, Roles } from './cpu';
import type { BenchServices } from './services';

export interface FanoutOptions {
  reminders: number;
  /** Seconds allowed for seeding and starting the workflows before the reminders fall due (default grows with N). */
  leadSeconds?: number;
}

export async function benchFanout(services: BenchServices, db: Pool, options: FanoutOptions, roles: Roles, log: (line: string) => void): Promise<BenchResult[]> {
  const n = options.reminders;
  const today = stockholmToday();
  const calendar = new WorkingDayCalendar();
  if (!calendar.isWorkingDay(today)) {
    throw new Error(`today (${today}) is not a working day in Stockholm: reminders only go out on working days, so none can fall due today`);
  }
  const taskQueue = services.config().temporal.taskQueue;

  // Many people across many programmes: about 10 items a person, 100 a programme.
  const people = await seedPeople(db, Math.max(10, Math.ceil(n / 10)), { prefix: 'fanout' });
  const programmes = Math.max(1, Math.ceil(n / 100));
  await db.query(`INSERT INTO programme_template (id, version, definition, source) VALUES ('bench-fanout', 1, '{}', 'custom') ON CONFLICT DO NOTHING`);
  const programmeIds: string[] = (
    await db.query(
      `INSERT INTO programme (id, name, template_id, template_version, owner_id, status, current_phase_key, start_date, end_date, event_seq)
       SELECT gen_random_uuid(), 'Bench fan-out ' || i, 'bench-fanout', 1, $1, 'running', 'bench', $2::date, $2::date + 365, 0
         FROM generate_series(1, $3::int) AS i RETURNING id`,
      [people[0].id, today, programmes],
    )
  ).rows.map((r: { id: string }) => r.id);
  const items: Array<{ id: string; programmeId: string; responsibleId: string }> = (
    await db.query(
      `INSERT INTO assignment (id, programme_id, phase_key, kind, title, responsible_id, due_date, original_due_date, status)
       SELECT gen_random_uuid(), ($1::uuid[])[1 + (i % $3)], 'bench', 'assignment', 'Åtgärd ' || i, ($2::uuid[])[1 + (i % $4)], $5::date, $5::date, 'remaining'
         FROM generate_series(0, $6::int - 1) AS i
       RETURNING id, programme_id AS "programmeId", responsible_id AS "responsibleId"`,
      [programmeIds, people.map((p) => p.id), programmeIds.length, people.length, today, n],
    )
  ).rows;

  const connection = await Connection.connect({ address: services.temporalAddress });
  // The product's converter (the key the bench's API and workers keep in their shared DATA_DIR);
  // the bare baseline (Temporal + nodemailer, no Fullfölj) runs without one.
  const client = new Client({ connection, namespace: services.config().temporal.namespace, dataConverter: encryptedDataConverter(temporalPayloadKeys(services.config())) });
  const bareClient = new Client({ connection, namespace: services.config().temporal.namespace });
  const planned = async (ids: string[], events: number) => (await pool(ids, 4, async (id) => (await client.workflow.getHandle(id).describe()).historyLength)).every((l) => l >= events);
  try {

  // The due instant: a whole minute (the policy's send time is HH:mm), far enough ahead for every
  // workflow to reach its timer. Unless given, the lead comes from a calibration: how fast this
  // machine starts and plans a few hundred such workflows (for a deadline next year; terminated after).
  let leadSeconds = options.leadSeconds;
  if (leadSeconds === undefined) {
    const k = Math.min(300, n);
    const farPolicy: ReminderPolicy = { daysBefore: [], onTheDay: true, dayAfter: false, weeklyWhileOverdue: false, escalateAfterWorkingDays: null, sendAt: '08:00', quietPeriods: [] };
    const farDue = `${new Date().getUTCFullYear() + 1}-06-15`;
    const t0 = Date.now();
    const ids = await pool(items.slice(0, k), 32, async (item, i) => {
      const h = await client.workflow.start(workflowTypes.itemReminders, {
        workflowId: `bench-calibrate-${i}-${t0}`,
        taskQueue,
        args: [{ programmeId: item.programmeId, itemId: item.id, dueDate: farDue, responsibleId: item.responsibleId, policy: farPolicy } satisfies ItemRemindersInput],
      });
      return h.workflowId;
    });
    while (!(await planned(ids.slice(-10), 11)) && Date.now() - t0 < 300_000) await sleep(500);
    const rate = k / ((Date.now() - t0) / 1000);
    await pool(ids, 16, (id) => client.workflow.getHandle(id).terminate('benchmark calibration').catch(() => undefined));
    // × 2.5: with more open workflows than the worker's cache holds, planning slows down (evictions, replays).
    leadSeconds = Math.max(40, 20 + (2.5 * n) / rate);
    log(`fan-out: calibration started and planned ${k} workflows at ${rate.toFixed(0)}/s; lead ${leadSeconds.toFixed(0)} s`);
  }
  const leadMs = leadSeconds * 1000;
  const dueAt = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  if (stockholmToday(dueAt) !== today) throw new Error('the reminders would fall due after midnight in Stockholm; run again in a minute or two');
  const sendAt = stockholmTime(dueAt);
  if (Date.parse(localDateTimeToInstant(today, sendAt)) !== dueAt.getTime()) throw new Error(`cannot express ${dueAt.toISOString()} as a local send time`);
  const policy: ReminderPolicy = { daysBefore: [], onTheDay: true, dayAfter: false, weeklyWhileOverdue: false, escalateAfterWorkingDays: null, sendAt, quietPeriods: [] };
  log(`fan-out: ${n} reminders for ${people.length} people in ${programmes} programmes fall due at ${dueAt.toISOString()} (${sendAt} Stockholm)`);

  const before = new Set(services.mailDir ? readdirSync(services.mailDir) : []);
    const handles: string[] = [];
    const startedAt = Date.now();
    await pool(items, 32, async (item) => {
      const input: ItemRemindersInput = { programmeId: item.programmeId, itemId: item.id, dueDate: today, responsibleId: item.responsibleId, policy };
      const handle = await client.workflow.start(workflowTypes.itemReminders, { workflowId: workflowIds.itemReminders(item.id), taskQueue, args: [input] });
      handles.push(handle.workflowId);
    });
    const startSeconds = (Date.now() - startedAt) / 1000;
    log(`fan-out: ${n} workflows started in ${startSeconds.toFixed(1)} s`);
    // Each workflow plans (one activity) and then sleeps on its timer: 11 history events.
    // Tasks are served roughly in order, so the last started are the last to get there; a few spread ones confirm it.
    const sample = [...handles.slice(-20), ...handles.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0)];
    let ready = false;
    while (!(ready = await planned(sample, 11)) && Date.now() < dueAt.getTime() - 2000) await sleep(2000);
    if (!ready) throw new Error(`not every workflow reached its timer before the reminders fell due: run again with a larger --fanout-lead (seconds; now ${Math.round(leadSeconds)})`);
    log(`fan-out: planned ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the first start`);
    const spare = dueAt.getTime() - Date.now();
    log(`fan-out: all sampled workflows sleep on their timers, ${(spare / 1000).toFixed(1)} s before the reminders fall due`);
    if (spare < 1000) throw new Error(`setup took longer than the lead time: run again with a larger --fanout-lead (seconds; now ${Math.round(leadMs / 1000)})`);

    // Product: wait until all N are accepted by the SMTP server (CPU counted from the due instant).
    await sleep(Math.max(0, dueAt.getTime() - Date.now()));
    const cpuBefore = cpuSnapshot(roles);
    const deadline = dueAt.getTime() + Math.max(180_000, n * 100);
    let sent = 0;
    while (Date.now() < deadline) {
      sent = (await db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'sent' AND key LIKE 'item:%'`)).rows[0].n;
      if (sent >= n) break;
      await sleep(250);
    }
    const productCpu = cpuBetween(cpuBefore, cpuSnapshot(roles), (Date.now() - dueAt.getTime()) / 1000);
    if (sent < n) throw new Error(`only ${sent} of ${n} reminders were sent within ${(deadline - dueAt.getTime()) / 1000} s of falling due`);
    const productAccepted = services.mailDir
      ? newMailTimes(services.mailDir, before)
      : ((await db.query(`SELECT extract(epoch FROM sent_at) * 1000 AS t FROM mail_outbox WHERE key LIKE 'item:%' AND status = 'sent'`)).rows as Array<{ t: string }>).map((r) => Number(r.t));
    const product = summarise(productAccepted, dueAt.getTime());
    // Where the time went: due → enqueued (timer, workflow task, activity dispatch, lookups, rendering) and enqueued → sent (SMTP).
    const phases: Array<{ queued: number; sending: number }> = (
      await db.query(
        `SELECT extract(epoch FROM created_at) * 1000 - $1 AS queued, extract(epoch FROM sent_at - created_at) * 1000 AS sending FROM mail_outbox WHERE key LIKE 'item:%'`,
        [dueAt.getTime()],
      )
    ).rows.map((r: { queued: string; sending: string }) => ({ queued: Number(r.queued), sending: Number(r.sending) }));
    const inside = await historyGaps(client, handles.filter((_, i) => i % Math.max(1, Math.floor(n / 40)) === 0));
    const queued = sortNumbers(phases.map((p) => p.queued / 1000));
    const sending = sortNumbers(phases.map((p) => p.sending / 1000));
    const phaseDetails = {
      'due→enqueued p50 s': round(percentile(queued, 50), 3),
      'due→enqueued p99 s': round(percentile(queued, 99), 3),
      'enqueued→sent p50 s': round(percentile(sending, 50), 3),
      'enqueued→sent p99 s': round(percentile(sending, 99), 3),
      ...inside,
    };
    log(`fan-out product: last accepted ${product.totalS.toFixed(2)} s after the due instant`);

    // Limit: the same N messages, all at once, over nodemailer's pooled transport (the product's settings).
    const rows: Array<{ key: string; messageId: string; to: string; subject: string; text: string; html: string | null }> = (
      await db.query(`SELECT key, message_id AS "messageId", to_address AS "to", subject, text_body AS text, html_body AS html FROM mail_outbox WHERE key LIKE 'item:%' ORDER BY created_at`)
    ).rows;
    const before2 = new Set(services.mailDir ? readdirSync(services.mailDir) : []);
    const smtp = new URL(services.smtpUrl);
    for (const [k, v] of Object.entries({ pool: 'true', maxConnections: '5', connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' })) {
      if (!smtp.searchParams.has(k)) smtp.searchParams.set(k, v);
    }
    const transport = nodemailer.createTransport(smtp.toString());
    const from = services.config().smtp.from;
    const limitCpuBefore = cpuSnapshot(roles);
    const limitStart = Date.now();
    const resolvedAt: number[] = [];
    try {
      await Promise.all(
        rows.map(async (m) => {
          await transport.sendMail({ messageId: m.messageId, from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined });
          resolvedAt.push(Date.now());
        }),
      );
    } finally {
      transport.close();
    }
    const limitCpu = cpuBetween(limitCpuBefore, cpuSnapshot(roles), (Date.now() - limitStart) / 1000);
    await sleep(200);
    const limitAccepted = services.mailDir ? newMailTimes(services.mailDir, before2) : resolvedAt;
    const limit = summarise(limitAccepted, limitStart);
    log(`fan-out limit: last accepted ${limit.totalS.toFixed(2)} s after the start`);

    // Engine limit: the same messages from N bare workflows whose timers fire at one instant,
    // each sending its ready-made message in one activity (Temporal + nodemailer, no Fullfölj).
    const from2 = services.config().smtp.from;
    writeFileSync(services.messagesFile, JSON.stringify(Object.fromEntries(rows.map((m) => [m.key, { ...m, from: from2 }]))));
    const bare = await services.startBareWorker();
    let engine: ReturnType<typeof summarise> | undefined;
    let engineCpu: Record<string, number | string> = {};
    let engineError: string | undefined;
    try {
      // Bare workflows only start and set a timer: the product's lead is ample.
      const leadMs2 = (options.leadSeconds ?? Math.max(60, 30 + startSeconds * 4)) * 1000;
      const dueAt2 = new Date(Math.ceil((Date.now() + leadMs2) / 60_000) * 60_000);
      const ids: string[] = [];
      await pool(rows, 32, async (m, i) => {
        const h = await bareClient.workflow.start('benchReminderWorkflow', { workflowId: `bench-reminder-${i}-${dueAt2.getTime()}`, taskQueue: bare.taskQueue, args: [{ at: dueAt2.getTime(), key: m.key }] });
        ids.push(h.workflowId);
      });
      const sample2 = [...ids.slice(-20), ...ids.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0)];
      while (!(await planned(sample2, 5)) && Date.now() < dueAt2.getTime() - 2000) await sleep(2000);
      if (dueAt2.getTime() - Date.now() < 1000) throw new Error('engine limit: setup took longer than the lead time; use a larger --fanout-lead');
      const before3 = new Set(services.mailDir ? readdirSync(services.mailDir) : []);
      await sleep(Math.max(0, dueAt2.getTime() - Date.now()));
      const cpu0 = cpuSnapshot({ ...roles, bare: bare.pid });
      const deadline2 = dueAt2.getTime() + Math.max(180_000, n * 100);
      let done: number[] = [];
      if (services.mailDir) {
        while (Date.now() < deadline2) {
          const count = readdirSync(services.mailDir).filter((f) => f.endsWith('.eml') && !before3.has(f)).length;
          if (count >= rows.length) break;
          await sleep(250);
        }
        engineCpu = cpuBetween(cpu0, cpuSnapshot({ ...roles, bare: bare.pid }), (Date.now() - dueAt2.getTime()) / 1000);
        done = newMailTimes(services.mailDir, before3);
      } else {
        done = await pool(ids, 32, async (id) => {
          await client.workflow.getHandle(id).result();
          return Date.now();
        });
        engineCpu = cpuBetween(cpu0, cpuSnapshot({ ...roles, bare: bare.pid }), (Date.now() - dueAt2.getTime()) / 1000);
      }
      if (done.length < rows.length) throw new Error(`engine limit: only ${done.length} of ${rows.length} accepted in time`);
      engine = summarise(done, dueAt2.getTime());
      log(`fan-out engine limit: last accepted ${engine.totalS.toFixed(2)} s after the due instant`);
    } catch (error) {
      // The engine limit is a second opinion: its failure must not cost the product figures.
      engineError = error instanceof Error ? error.message : String(error);
      log(`fan-out engine limit failed: ${engineError}`);
    } finally {
      await bare.stop();
    }

    const productBlock = {
      what: `${n} item-reminder workflows (${people.length} people, ${programmes} programmes) wake at one instant → sendItemReminder → mail_outbox → SMTP`,
      figure: round(product.totalS, 2),
      unit: 's until all accepted',
      details: { messages: productAccepted.length, 'lateness p50 s': round(product.p50S, 3), 'lateness p99 s': round(product.p99S, 3), 'msgs/s': round(n / product.totalS, 1), ...phaseDetails, ...productCpu },
    };
    const engineResult: BenchResult | undefined = engine && {
      name: 'reminder fan-out vs engine',
      product: productBlock,
      limit: {
        what: `${rows.length} bare workflows (bare worker, same SDK and server) wake at one instant, each sends its ready-made message in one activity over nodemailer's pooled transport`,
        figure: round(engine.totalS, 2),
        unit: 's until all accepted',
        details: { 'lateness p50 s': round(engine.p50S, 3), 'lateness p99 s': round(engine.p99S, 3), 'msgs/s': round(rows.length / engine.totalS, 1), ...engineCpu },
      },
      ratio: round(product.totalS / engine.totalS, 2),
      ratioMeaning: 'product time ÷ engine-limit time (1 = Fullfölj adds nothing to Temporal + nodemailer)',
    };
    return [{
      name: 'reminder fan-out',
      product: {
        what: `${n} item-reminder workflows (${people.length} people, ${programmes} programmes) wake at one instant → sendItemReminder → mail_outbox → SMTP`,
        figure: round(product.totalS, 2),
        unit: 's until all accepted',
        details: { messages: productAccepted.length, 'lateness p50 s': round(product.p50S, 3), 'lateness p99 s': round(product.p99S, 3), 'msgs/s': round(n / product.totalS, 1), ...phaseDetails, ...productCpu },
      },
      limit: {
        what: `nodemailer pooled transport (maxConnections 5) sends the same ${rows.length} messages at once to the same server`,
        figure: round(limit.totalS, 2),
        unit: 's until all accepted',
        details: { messages: limitAccepted.length, 'lateness p50 s': round(limit.p50S, 3), 'lateness p99 s': round(limit.p99S, 3), 'msgs/s': round(rows.length / limit.totalS, 1), ...limitCpu },
      },
      ratio: round(product.totalS / limit.totalS, 2),
      ratioMeaning: 'product time ÷ limit time (1 = as fast as the bare transport)',
      notes: [
        services.mailDir ? 'accepted-at = mtime of the .eml file the sink writes just before it accepts the message' : 'external SMTP: accepted-at = outbox sent_at (product) / sendMail resolved (limit)',
        'the item workflows are started directly with the Temporal client over seeded read-model rows (as a programme does when a phase opens)',
        ...(engineError ? [`engine limit not measured: ${engineError}`] : []),
      ],
    }, ...(engineResult ? [engineResult] : [])];
  } finally {
    await connection.close();
  }
}

/**
 * From a sample of histories, the mean time from the timer firing to the workflow task that
 * handles it, from there to the activity starting on the worker, and the activity itself.
 */
async function historyGaps(client: Client, ids: string[]): Promise<Record<string, number>> {
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);
  const gaps = await pool(ids, 4, async (id) => {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const fired = events.findIndex((e) => e.timerFiredEventAttributes);
    if (fired < 0) return undefined;
    const after = events.slice(fired);
    const taskStarted = after.find((e) => e.workflowTaskStartedEventAttributes);
    const actStarted = after.find((e) => e.activityTaskStartedEventAttributes);
    const actDone = after.find((e) => e.activityTaskCompletedEventAttributes);
    return {
      toTask: ms(taskStarted?.eventTime) - ms(events[fired].eventTime),
      toActivity: ms(actStarted?.eventTime) - ms(taskStarted?.eventTime),
      activity: ms(actDone?.eventTime) - ms(actStarted?.eventTime),
    };
  });
  const ok = gaps.filter((g): g is NonNullable<typeof g> => !!g && Number.isFinite(g.toTask + g.toActivity + g.activity));
  const mean = (f: (g: (typeof ok)[number]) => number) => round(ok.reduce((a, g) => a + f(g), 0) / Math.max(1, ok.length) / 1000, 3);
  return { 'timer→workflow task mean s': mean((g) => g.toTask), 'workflow task→activity start mean s': mean((g) => g.toActivity), 'activity mean s': mean((g) => g.activity) };
}

function newMailTimes(dir: string, before: Set<string>): number[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml') && !before.has(f))
    .map((f) => statSync(path.join(dir, f)).mtimeMs);
}

function summarise(acceptedAt: number[], from: number) {
  const lateness = sortNumbers(acceptedAt.map((t) => (t - from) / 1000));
  return { totalS: lateness[lateness.length - 1] ?? NaN, p50S: percentile(lateness, 50), p99S: percentile(lateness, 99) };
}
