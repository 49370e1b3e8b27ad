import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { OutboxMessage } from '@fullfolj/database';
import { classifySmtpError, SMTP_TIMEOUTS, SmtpMailTransport } from '@fullfolj/mail';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, startApiStack, testDataConverter } from '@fullfolj/testing';
import { addDays } from '@fullfolj/domain';
import type { mailDeliveryWorkflow } from '../workflows/mail-delivery.workflow';

/**
 * A real SMTP server that answers as relays do, by the recipient's local part:
 *   greylisted.* — 451 at RCPT TO for the first two attempts, then accepted;
 *   refused.*    — 550 at RCPT TO, every time;
 *   slow.*       — accepted, but the 250 after the message comes 3 s late.
 * It counts every RCPT TO and keeps each accepted message's Message-ID per recipient.
 */
class RelayLike {
  readonly rcpt = new Map<string, number>();
  readonly received = new Map<string, string[]>();
  private server!: SMTPServer;
  port = 0;

  static readonly SLOW_MS = 3000;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: ({ address }, _session, callback) => {
        const n = (this.rcpt.get(address) ?? 0) + 1;
        this.rcpt.set(address, n);
        if (address.startsWith('refused.')) return callback(Object.assign(new Error(`5.1.1 <${address}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 }));
        if (address.startsWith('greylisted.') && n <= 2) return callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const messageId = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          for (const address of to) this.received.set(address, [...(this.received.get(address) ?? []), messageId]);
          // The message is stored (above) before the 250 goes out, as with a relay that scans it.
          if (to.some((a) => a.startsWith('slow.'))) setTimeout(() => callback(), RelayLike.SLOW_MS);
          else callback();
        });
      },
    });
    this.port = await freePort();
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('mail refusals: temporary answers retried, permanent ones kept and shown, slow answers not resent', () => {
  let relay: RelayLike;
  let stack: ApiStack;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    relay = await new RelayLike().start();
    stack = await startApiStack({ SMTP_URL: relay.url });
    connection = await Connection.connect({ address: stack.config.temporal.address });
    client = new Client({ connection, namespace: stack.config.temporal.namespace, dataConverter: testDataConverter(stack.config) });
  });

  afterAll(async () => {
    await stack?.close();
    await connection?.close();
    await relay?.stop();
  });

  const row = (key: string) => stack.db.getRepository(OutboxMessage).findOneByOrFail({ key });
  const deliver = (key: string, to: string) =>
    client.workflow.execute<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: workflowIds.mailDelivery(key),
      args: [{ key, to, subject: 'Påminnelse: nulägesanalys', text: 'Nulägesanalysen ska vara klar.' }],
    });

  it('451 (greylisting) twice, then accepted: retried with backoff and delivered exactly once, with the same Message-ID', async () => {
    const key = `system-check:${randomUUID()}`;
    const to = `greylisted.${randomUUID()}@kommun.example`;
    const running = deliver(key, to);
    // While it waits: still pending, the 451 and its text on the row.
    await eventually(async () => expect(await row(key)).toMatchObject({ status: 'pending', smtpCode: 451, lastError: expect.stringContaining('Greylisted') }), 20_000, 50);

    const result = await running;

    expect(result).toMatchObject({ sentNow: true });
    expect(result.failed).toBeUndefined();
    expect(relay.rcpt.get(to)).toBe(3);
    expect(relay.received.get(to)).toEqual([result.messageId]);
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 3, messageId: result.messageId, smtpCode: null, lastError: null, failedAt: null });
  }, 60_000);

  it('a 250 that comes 3 s late is waited for: one copy, one attempt', async () => {
    const key = `system-check:${randomUUID()}`;
    const to = `slow.${randomUUID()}@kommun.example`;
    const started = Date.now();

    const result = await deliver(key, to);

    expect(Date.now() - started).toBeGreaterThanOrEqual(RelayLike.SLOW_MS);
    expect(result).toMatchObject({ sentNow: true });
    expect(relay.received.get(to)).toEqual([result.messageId]);
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('why the socket timeout is long: a client that stops waiting for the 250 gets an error for a message the server kept', async () => {
    // The same server with a 1 s socket timeout: the send fails as "temporary", so it would be
    // sent again, while the server already has it. SMTP_TIMEOUTS waits far longer than that.
    expect(SMTP_TIMEOUTS.socketTimeout).toBeGreaterThan(RelayLike.SLOW_MS * 10);
    const impatient = new SmtpMailTransport(`${relay.url}?pool=false&socketTimeout=1000`);
    const to = `slow.${randomUUID()}@kommun.example`;
    try {
      const error = await impatient.send({ messageId: `<${randomUUID()}@fullfolj.test>`, from: 'no-reply@fullfolj.local', to, subject: 's', text: 't' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(classifySmtpError(error)).toMatchObject({ permanent: false, code: null });
      await eventually(() => Promise.resolve(expect(relay.received.get(to)).toHaveLength(1)));
    } finally {
      impatient.close();
    }
  });

  describe('550 for one recipient of a programme', () => {
    const programmeId = randomUUID();
    const today = new Date().toISOString().slice(0, 10);
    const base = `/programmes/${programmeId}`;
    let refusedKey: string;
    let deliveredKey: string;

    beforeAll(async () => {
      await stack.addPerson('chair', 'Erik Johansson');
      await stack.addPerson('member', 'Fatima Hassan');
      await stack.addPerson('official', 'Maria Tjänsteperson');
      await stack.addPerson('refused', 'Rut Saknad');
      await stack.addPerson('fine', 'Sven Mottagare');
      const { agents, people } = stack;
      await agents.owner
        .post('/programmes')
        .send({
          id: programmeId,
          templateId: 'skr-fullfoljd-utbildning',
          name: `Fullföljd utbildning ${stack.run}`,
          programmeStart: today, // the first phase is open, so its items' mail goes out now
          steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
          responsibles: { officials: people.official.id },
        })
        .expect(201);
      // Two items handed over: one to a mailbox the relay refuses, one to a mailbox it accepts.
      for (const [title, to] of [
        ['Kartlägg frånvaron', people.refused.id],
        ['Sammanställ enkäten', people.fine.id],
      ]) {
        const item = await agents.owner.post(`${base}/assignments`).send({ phaseKey: 'forberedelse', title, dueDate: addDays(today, 20), responsibleId: people.official.id }).expect(201);
        await agents.owner.post(`${base}/assignments/${item.body.id}/responsible`).send({ responsibleId: to }).expect(200);
        if (to === people.refused.id) refusedKey = `item:${item.body.id}:handover:${people.official.id}:${to}`;
        else deliveredKey = `item:${item.body.id}:handover:${people.official.id}:${to}`;
      }
      await eventually(async () => expect((await row(refusedKey)).status).toBe('failed'), 60_000);
      await eventually(async () => expect((await row(deliveredKey)).status).toBe('sent'), 60_000);
    }, 120_000);

    it('marks the row failed with the code and the server\u2019s text, once, without retrying', async () => {
      const failed = await row(refusedKey);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, smtpCode: 550, sentAt: null });
      expect(failed.lastError).toMatch(/^550 5\.1\.1 <refused\.[^>]+>: Recipient address rejected: mailbox unavailable$/);
      expect(failed.failedAt).toBeInstanceOf(Date);
      expect(relay.rcpt.get(stack.people.refused.email.toLowerCase())).toBe(1);
      expect(relay.received.get(stack.people.refused.email.toLowerCase())).toBeUndefined();
      // Mail sent after it (a third handover) goes out while the refused one is not tried again.
      const { agents, people } = stack;
      const item = await agents.owner.post(`${base}/assignments`).send({ phaseKey: 'forberedelse', title: 'Boka lokal', dueDate: addDays(today, 21), responsibleId: people.official.id }).expect(201);
      await agents.owner.post(`${base}/assignments/${item.body.id}/responsible`).send({ responsibleId: people.fine.id }).expect(200);
      await eventually(() => Promise.resolve(expect(relay.received.get(people.fine.email.toLowerCase())).toHaveLength(2)), 60_000);
      expect(relay.rcpt.get(people.refused.email.toLowerCase())).toBe(1);
      expect((await row(refusedKey)).attempts).toBe(1);
    });

    it('GET /programmes/:id/mail-failures shows it to the owner: who, what, when, code and text', async () => {
      const { agents, people } = stack;
      const failed = await row(refusedKey);
      const res = await agents.owner.get(`${base}/mail-failures`).expect(200);
      expect(res.body).toEqual([
        {
          id: failed.id,
          personId: people.refused.id,
          name: 'Rut Saknad',
          address: people.refused.email,
          subject: failed.subject,
          kind: 'handover',
          failedAt: failed.failedAt!.toISOString(),
          smtpCode: 550,
          smtpText: failed.lastError,
        },
      ]);
      expect(res.body[0].subject).toContain('Kartlägg frånvaron');
    });

    it('is for the owner only: 403 for another role, 404 for an unknown programme, 400 for a malformed id', async () => {
      const { agents } = stack;
      const forbidden = await agents.chair.get(`${base}/mail-failures`).expect(403);
      expect(forbidden.body.message).toMatch(/programme owner/);
      await agents.fine.get(`${base}/mail-failures`).expect(403);
      await agents.owner.get(`/programmes/${randomUUID()}/mail-failures`).expect(404);
      const bad = await agents.owner.get('/programmes/not-a-uuid/mail-failures').expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id', message: expect.any(String) })]);
    });
  });
});
