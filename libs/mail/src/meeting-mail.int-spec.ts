import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import ICAL from 'ical.js';
import type { Attachment, ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { createMailActivities } from '@fullfolj/activities';
import { MailRequest, workflowIds, workflowTypes } from '@fullfolj/contracts';
import { dataSourceOptions, OutboxMessage, OutboxRepository } from '@fullfolj/database';
import { Mailbox, RunningWorker, sentTo, startTestWorker, testConfig, testDataConverter, testServices } from '@fullfolj/testing';
import type { mailDeliveryWorkflow } from '../../../workflows/mail-delivery.workflow';
import { meetingIcs, MeetingIcsInput, meetingUid } from './ics';
import { renderMail } from './render';
import { SmtpMailTransport } from './smtp-transport';

// A meeting invitation end to end on real servers: rendered from the templates, with an .ics
// from meetingIcs, through the outbox and mailDeliveryWorkflow to the SMTP server; what
// arrives is parsed with mailparser and its calendar part with ical.js.
describe('meeting invitations over real SMTP', () => {
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

  const programmeId = randomUUID();
  const meeting = { name: 'Uppstartsträff', date: '2027-03-29', time: '09:00', durationMinutes: 90, location: 'Stadshuset, sal 3' };

  function request(to: string, sequence: number, method: 'REQUEST' | 'CANCEL', start = { date: meeting.date, time: meeting.time }): MailRequest {
    const ics: MeetingIcsInput = {
      uid: meetingUid(programmeId, 'kickoff'),
      sequence,
      method,
      title: `${meeting.name}: Fullföljd utbildning 2027`,
      description: 'Uppstart för ägarnivå och rektorer.',
      location: meeting.location,
      start,
      durationMinutes: meeting.durationMinutes,
      organizer: { name: 'Anna Lindqvist', email: 'anna.lindqvist@kommun.example' },
      attendees: [{ name: 'Lars Berg', email: to }],
      url: `http://localhost:3000/programmes/${programmeId}`,
    };
    const template = method === 'CANCEL' ? 'meeting-cancelled' : sequence > 0 ? 'meeting-update' : 'meeting-invitation';
    const mail = renderMail(template, 'sv', {
      recipientName: 'Lars Berg',
      programmeName: 'Fullföljd utbildning 2027',
      link: ics.url,
      organizerName: 'Anna Lindqvist',
      meeting: { ...meeting, ...start },
    });
    return {
      key: `meeting:${programmeId}:kickoff:s${sequence}:${randomUUID()}`,
      to,
      ...mail,
      icalEvent: { method, content: meetingIcs(ics) },
    };
  }

  const send = (req: MailRequest) =>
    client.workflow.execute<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
      taskQueue: config.temporal.taskQueue,
      workflowId: workflowIds.mailDelivery(req.key),
      args: [req],
    });

  function calendarPart(mail: ParsedMail): { attachment: Attachment; event: ICAL.Event; method: string } {
    const attachment = mail.attachments.find((a) => a.contentType === 'text/calendar');
    if (!attachment) throw new Error(`no text/calendar part in ${mail.subject}`);
    const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
    return { attachment, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!), method: String(calendar.getFirstPropertyValue('method')) };
  }

  it('arrives with HTML, plain text and a METHOD:REQUEST calendar part in Stockholm time', async () => {
    const to = `${randomUUID()}@kommun.example`;
    const req = request(to, 0, 'REQUEST');
    const result = await send(req);
    expect(result.sentNow).toBe(true);

    const [mail] = await mailbox.waitFor(sentTo(to));
    expect(mail.subject).toBe('Inbjudan: Uppstartsträff måndag 29 mars 2027 kl. 09.00 (Fullföljd utbildning 2027)');
    expect(mail.text).toContain('När: måndag 29 mars 2027 kl. 09.00–10.30');
    expect(mail.html).toContain('<html lang="sv">');
    const { attachment, event, method } = calendarPart(mail);
    expect(attachment.headers.get('content-type')).toMatchObject({ params: expect.objectContaining({ method: 'REQUEST' }) });
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`${programmeId}.kickoff@fullfolj`);
    expect(event.sequence).toBe(0);
    expect(event.startDate.zone?.tzid).toBe('Europe/Stockholm');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-29T08:30:00.000Z');

    const row = await db.getRepository(OutboxMessage).findOneByOrFail({ key: req.key });
    expect(row).toMatchObject({ status: 'sent', icalMethod: 'REQUEST', icalContent: req.icalEvent!.content });
  });

  it('an update (same UID, higher SEQUENCE) and a cancel (METHOD:CANCEL) arrive as such', async () => {
    const to = `${randomUUID()}@kommun.example`;
    await send(request(to, 1, 'REQUEST', { date: '2027-04-05', time: '13:00' }));
    await send(request(to, 2, 'CANCEL', { date: '2027-04-05', time: '13:00' }));
    const mails = await mailbox.waitFor(sentTo(to), 2);
    const update = mails.find((m) => m.subject?.startsWith('Ändrat'))!;
    const cancel = mails.find((m) => m.subject?.startsWith('Inställt'))!;
    expect(calendarPart(update)).toMatchObject({ method: 'REQUEST', event: { uid: `${programmeId}.kickoff@fullfolj`, sequence: 1 } });
    expect(calendarPart(update).event.startDate.toJSDate().toISOString()).toBe('2027-04-05T11:00:00.000Z');
    const cancelled = calendarPart(cancel);
    expect(cancelled).toMatchObject({ method: 'CANCEL', event: { uid: `${programmeId}.kickoff@fullfolj`, sequence: 2 } });
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('a resend from the outbox (e.g. after a crash before it was marked sent) is the same message with the same calendar part', async () => {
    const to = `${randomUUID()}@kommun.example`;
    const req = request(to, 0, 'REQUEST');
    await send(req);
    const [first] = await mailbox.waitFor(sentTo(to));

    // As if the worker died after SMTP accepted the message: the row is still pending.
    await db.query(`UPDATE mail_outbox SET status = 'pending', sent_at = NULL WHERE key = $1`, [req.key]);
    const transport = new SmtpMailTransport(config.smtp.url);
    try {
      const activities = createMailActivities({ outbox: new OutboxRepository(db), transport, from: config.smtp.from });
      // Enqueueing again with other content changes nothing: the stored message is what goes out.
      await activities.enqueueMail({ ...req, icalEvent: { method: 'CANCEL', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' } });
      expect((await activities.deliverMail(req.key)).sentNow).toBe(true);
    } finally {
      transport.close();
    }
    const both = await mailbox.waitFor(sentTo(to), 2);
    const second = both.find((m) => m !== first)!;
    expect(second.messageId).toBe(first.messageId);
    expect(second.subject).toBe(first.subject);
    expect(calendarPart(second).attachment.content.equals(calendarPart(first).attachment.content)).toBe(true);
  });

  it('the outbox keeps method and content together, or neither', async () => {
    const insert = (method: string | null, content: string | null) =>
      db.query(`INSERT INTO mail_outbox (key, message_id, to_address, subject, text_body, ical_method, ical_content) VALUES ($1, $2, 'a@b.se', 's', 't', $3, $4)`, [
        `check:${randomUUID()}`,
        `<${randomUUID()}@x>`,
        method,
        content,
      ]);
    await insert(null, null);
    await insert('REQUEST', 'BEGIN:VCALENDAR');
    await expect(insert('REQUEST', null)).rejects.toThrow(/mail_outbox_ical_ck/);
    await expect(insert(null, 'BEGIN:VCALENDAR')).rejects.toThrow(/mail_outbox_ical_ck/);
    await expect(insert('request; x', 'BEGIN:VCALENDAR')).rejects.toThrow(/mail_outbox_ical_ck/);
  });
});
