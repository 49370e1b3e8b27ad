import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { messageIdFor } from '@fullfolj/mail';
import { startWorkerProcess, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';
import { connectFanOutServices, Intended, MailPath, mailColumns, settleFanOut, startFanOut, tallyMail } from '../lib/mail-fanout';
import { SEED, seeded, sized } from '../lib/plan';
import { expectPromiseKept, FaultRow, recordRow } from '../lib/results';

// An SMTP server that answers as real relays do, by the recipient (drawn per message from
// FAULTS_SEED): greylisting (451 twice, then accepted), a server closing down (421 once), a
// full mailbox store (452 once), a refused mailbox (550, every time) and a slow relay whose
// 250 comes seconds after it stored the message. The temporary answers must be retried with
// backoff until the message is stored once under its Message-ID; the slow 250 must be
// waited for (no second copy); the refused message must be marked failed with its code and
// text after one attempt, and never stored. "Lost" counts a message that is neither stored
// once nor, for the refused ones, marked failed.

const COUNT = sized('FAULTS_REFUSAL_COUNT', { full: 200, ci: 40 });
const SLOW_MS = sized('FAULTS_REFUSAL_SLOW_MS', { full: 5000, ci: 3000 });
const random = seeded('smtp-refusals');

type Kind = 'plain' | 'greylisted' | 'closing' | 'full' | 'refused' | 'slow';
const KINDS: Kind[] = ['plain', 'greylisted', 'closing', 'full', 'refused', 'slow'];
const kindOf = (address: string) => address.split('.')[0] as Kind;

describe('SMTP refusals: temporary answers retried, permanent ones marked failed, slow answers not resent', () => {
  const services = testServices();
  let worker: WorkerProcess | undefined;
  let mail: MailPath | undefined;
  let connection: Connection;
  let pg: PgClient;
  let closeServices: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ connection, pg, close: closeServices } = await connectFanOutServices(services));
  });

  afterAll(async () => {
    await worker?.kill();
    await mail?.stop();
    await closeServices?.();
  });

  it(`${COUNT} messages to a relay that greylists, closes, is full, refuses and is slow`, async () => {
    const t0 = Date.now();
    const problems: string[] = [];
    const rcpts = new Map<string, number>();
    const sink = (mail = await MailPath.start(services.scratchDir, 'fault-refusals', {
      refuseRecipient: (address, attempt) => {
        rcpts.set(address, attempt);
        switch (kindOf(address)) {
          case 'greylisted':
            return attempt <= 2 ? { code: 451, message: '4.7.1 Greylisted, try again later' } : undefined;
          case 'closing':
            return attempt === 1 ? { code: 421, message: '4.3.2 Service shutting down, try again later' } : undefined;
          case 'full':
            return attempt === 1 ? { code: 452, message: '4.3.1 Insufficient system storage' } : undefined;
          case 'refused':
            return { code: 550, message: `5.1.1 <${address}>: Recipient address rejected: mailbox unavailable` };
          default:
            return undefined;
        }
      },
      replyDelayMs: (to) => (to.some((t) => kindOf(t) === 'slow') ? SLOW_MS : 0),
    }));
    const config = testConfig({ SMTP_URL: sink.smtpUrl });
    const client = new Client({ connection, dataConverter: testDataConverter(config) });
    const run = randomUUID().slice(0, 8);
    // Every kind at least once, the rest drawn from the seed.
    const kinds = Array.from({ length: COUNT }, (_, i) => (i < KINDS.length ? KINDS[i] : KINDS[Math.floor(random() * KINDS.length)]));
    const messages: Intended[] = kinds.map((kind, i) => {
      const key = `fault-refusals:${run}:${i}`;
      return { key, to: `${kind}.${run}.${i}@kommun.example`, subject: `Påminnelse ${i}: nulägesanalys`, messageId: messageIdFor(key, config.smtp.from) };
    });
    const refused = messages.filter((m) => kindOf(m.to) === 'refused');
    const accepted = messages.filter((m) => kindOf(m.to) !== 'refused');

    worker = await startWorkerProcess(config, { name: 'worker-refusals' });
    const running = worker;
    const handles = await startFanOut(client, config, messages);
    const handleOf = new Map(handles.map((h, i) => [messages[i].key, h]));

    // The refused ones end failed (the workflow completes with the refusal); the others are sent.
    const refusedResults = await Promise.all(refused.map((m) => handleOf.get(m.key)!.result().catch((error: Error) => ({ messageId: '', error: error.message }))));
    const { tally } = await settleFanOut({
      pg,
      mail: sink,
      messages: accepted,
      handles: accepted.map((m) => handleOf.get(m.key)!),
      problems,
      failIf: () => (running.exited() ? `the worker exited:\n${running.output()}` : undefined),
      stopWorker: () => running.stop(),
      noErrorLeft: true,
    });

    // Refused: failed once with the server's code and text, no copy stored, no second attempt.
    const { rows } = await pg.query<{ key: string; status: string; attempts: number; smtp_code: number | null; last_error: string | null }>(
      `SELECT key, status, attempts, smtp_code, last_error FROM mail_outbox WHERE key = ANY($1::text[])`,
      [refused.map((m) => m.key)],
    );
    const failedRight = rows.filter((r) => r.status === 'failed' && r.attempts === 1 && r.smtp_code === 550 && /^550 5\.1\.1 /.test(r.last_error ?? '')).length;
    if (failedRight !== refused.length) problems.push(`${refused.length - failedRight} of ${refused.length} refused messages not marked failed once with 550 and the server's text`);
    const refusedTally = tallyMail(sink, refused);
    if (refusedTally.delivered > 0) problems.push(`${refusedTally.delivered} refused messages were stored by the server`);
    const badResults = refusedResults.filter((r) => 'error' in r).length;
    if (badResults > 0) problems.push(`${badResults} deliveries of refused messages ended with an error instead of the refusal`);
    if (tally.duplicates > 0) problems.push(`${tally.duplicates} duplicates with no cut on the way: ${tally.duplicateKeys.slice(0, 5).join(', ')}`);

    // Tries per kind, at the server (RCPT TO) and in the outbox (delivery attempts). A 421 closes the
    // connection: nodemailer's pool then either sends the message again on a new one within the same
    // attempt or fails the attempt (which one depends on when the close is seen); the other
    // temporary answers fail the attempt, which is retried with backoff.
    const attemptRows = await pg.query<{ key: string; attempts: number }>(`SELECT key, attempts FROM mail_outbox WHERE key = ANY($1::text[])`, [messages.map((m) => m.key)]);
    const attemptsOf = new Map(attemptRows.rows.map((r) => [r.key, r.attempts]));
    const expected: Record<Kind, { rcpt: number; attempts: number[] }> = {
      plain: { rcpt: 1, attempts: [1] },
      slow: { rcpt: 1, attempts: [1] },
      greylisted: { rcpt: 3, attempts: [3] },
      closing: { rcpt: 2, attempts: [1, 2] },
      full: { rcpt: 2, attempts: [2] },
      refused: { rcpt: 1, attempts: [1] },
    };
    const byKind = KINDS.map((k) => {
      const ours = messages.filter((m) => kindOf(m.to) === k);
      const right = ours.filter((m) => rcpts.get(m.to) === expected[k].rcpt && expected[k].attempts.includes(attemptsOf.get(m.key) ?? 0)).length;
      if (right !== ours.length) {
        problems.push(
          `${ours.length - right} of ${ours.length} ${k} messages not tried ${expected[k].rcpt} time(s) in ${expected[k].attempts.join(' or ')} attempt(s): ` +
            ours.map((m) => `${rcpts.get(m.to)}/${attemptsOf.get(m.key)}`).join(', '),
        );
      }
      return `${k} ${right}/${ours.length}`;
    });
    const mailCols = mailColumns(tally);
    const row: FaultRow = {
      scenario: 'SMTP refusals (421/451/452, 550, slow 250)',
      ...mailCols,
      sent: messages.length,
      delivered: tally.delivered + failedRight,
      lost: tally.lost + (refused.length - failedRight),
      seconds: (Date.now() - t0) / 1000,
      notes:
        `seed ${SEED}; ${KINDS.map((k) => `${kinds.filter((x) => x === k).length} ${k}`).join(', ')}; ` +
        `${accepted.length} stored once, tried as expected (RCPT count and attempts): ${byKind.join(', ')}; ${failedRight} refused marked failed after one attempt, slow 250 after ${SLOW_MS / 1000} s waited for`,
      problems,
    };
    recordRow(row);
    expectPromiseKept(row);
  }, 600_000);
});
