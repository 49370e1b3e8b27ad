import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { dataSourceOptions, OutboxMessage } from '@fullfolj/database';
import { Mailbox, RunningWorker, sentTo, startTestWorker, testConfig, testServices } from '@fullfolj/testing';
import type { mailDeliveryWorkflow } from './mail-delivery.workflow';

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
    client = new Client({ connection, namespace: config.temporal.namespace });
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
});
