import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@fullfolj/runtime';
import { DataSource } from 'typeorm';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { dataSourceOptions, OutboxMessage } from '@fullfolj/database';
import { Mailbox, RunningWorker, sentTo, startTestWorker, testConfig, testDataConverter, testServices } from '@fullfolj/testing';
import type { mailDeliveryWorkflow } from '../../workflows/mail-delivery.workflow';

// The whole chain on real servers: Temporal runs the workflow, the activity writes the
// outbox row in PostgreSQL and hands the message to the SMTP server, which stores it.
describe('mailDeliveryWorkflow on real Temporal, PostgreSQL and SMTP', () => {
  const config = testConfig();
  const mailbox = new Mailbox(testServices().mailDir);
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  let db: DataSource;

  beforeAll(async () => {
    worker = await startTestWorker(config);
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: testDataConverter(config) });
    db = await new DataSource(dataSourceOptions(config.database.url)).initialize();
  });

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await db?.destroy();
  });

  function start(key: string, to: string) {
    return client.workflow.execute<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
      taskQueue: config.temporal.taskQueue,
      workflowId: workflowIds.mailDelivery(key),
      args: [{ key, to, subject: 'Påminnelse: nulägesanalys', text: 'Nulägesanalysen ska vara klar 2027-01-15.' }],
    });
  }

  it('records the message in the outbox and delivers it once over SMTP', async () => {
    const key = `system-check:${randomUUID()}`;
    const to = `${randomUUID()}@kommun.example`;

    const result = await start(key, to);

    expect(result.sentNow).toBe(true);
    const [mail] = await mailbox.waitFor(sentTo(to));
    expect(mail.messageId).toBe(result.messageId);
    expect(mail.subject).toBe('Påminnelse: nulägesanalys');
    expect(mail.text?.trim()).toBe('Nulägesanalysen ska vara klar 2027-01-15.');
    expect(mail.from?.text).toContain('no-reply@fullfolj.local');

    const row = await db.getRepository(OutboxMessage).findOneByOrFail({ key });
    expect(row.status).toBe('sent');
    expect(row.messageId).toBe(result.messageId);
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('sends nothing more when the same message is delivered again', async () => {
    const key = `system-check:${randomUUID()}`;
    const to = `${randomUUID()}@kommun.example`;
    await start(key, to);
    await mailbox.waitFor(sentTo(to));

    // Same key again (the first run has completed, so Temporal allows a new run).
    const again = await start(key, to);

    expect(again.sentNow).toBe(false);
    expect(await mailbox.find(sentTo(to))).toHaveLength(1);
    expect(await db.getRepository(OutboxMessage).countBy({ key })).toBe(1);
  });

  it('a repeated start of a running delivery returns the same workflow', async () => {
    const key = `system-check:${randomUUID()}`;
    const to = `${randomUUID()}@kommun.example`;
    const options = {
      taskQueue: config.temporal.taskQueue,
      workflowId: workflowIds.mailDelivery(key),
      args: [{ key, to, subject: 's', text: 't' }] as Parameters<typeof mailDeliveryWorkflow>,
    };
    const first = await client.workflow.start<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, options);
    await expect(client.workflow.start<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, options)).rejects.toThrow(
      /already started/i,
    );
    await first.result();
    expect(await mailbox.find(sentTo(to))).toHaveLength(1);
  });

  it('marks a message failed, with the reason, when the SMTP server refuses it for good', async () => {
    // A real SMTP server that refuses one domain with 550, as a relay does for an unknown mailbox.
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) =>
        address.address.endsWith('@nowhere.example') ? callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 })) : callback(),
      onData: (stream, _session, callback) => stream.on('end', () => callback()).resume(),
    });
    const port = await freePort();
    await new Promise<void>((resolve) => refusing.listen(port, '127.0.0.1', resolve));
    const strictConfig = testConfig({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const strictWorker = await startTestWorker(strictConfig);
    try {
      const key = `system-check:${randomUUID()}`;
      const result = await client.workflow.execute<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
        taskQueue: strictConfig.temporal.taskQueue,
        workflowId: workflowIds.mailDelivery(key),
        args: [{ key, to: 'rektor@nowhere.example', subject: 'Påminnelse', text: 'Hej' }],
      });
      expect(result).toMatchObject({ sentNow: false, failed: true });
      const row = await db.getRepository(OutboxMessage).findOneByOrFail({ key });
      expect(row.status).toBe('failed');
      expect(row.lastError).toMatch(/No such mailbox/);
    } finally {
      await strictWorker.stop();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
