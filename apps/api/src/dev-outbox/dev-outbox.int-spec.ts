import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { freePort, SmtpSink, startSmtpSink } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';

// The development outbox reads the real SMTP sink's folder: what arrived over SMTP is listed and
// readable as its recipient sees it; outside development (or without the sink) it does not exist.
describe('development outbox over HTTP', () => {
  let stack: ApiStack;
  let plain: ApiStack;
  // A sink of its own: the run's shared sink receives other files' mail at the same time.
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink({ dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'fullfolj-outbox-')), 'mail'), port: await freePort() });
    [stack, plain] = await Promise.all([startApiStack({ DEV_MAIL_DIR: sink.dir }), startApiStack()]);
  });
  afterAll(() => Promise.all([stack?.close(), plain?.close(), sink?.stop()]));

  it('lists my received mail newest first and shows one as I would read it', async () => {
    const me = stack.people.owner.email;
    const subject = `Påminnelse ${stack.run}: Kartlägg frånvaro`;
    const transport = createTransport(sink.url);
    for (const n of [1, 2, 3]) await transport.sendMail({ from: 'Fullfölj <no-reply@fullfolj.local>', to: me, subject: `Tidigare ${n}`, text: '.' });
    await transport.sendMail({
      from: 'Fullfölj <no-reply@fullfolj.local>',
      to: `Anna Lindqvist <${me}>`,
      subject,
      text: 'Hej Anna! Kartläggningen ska vara klar 15 mars.',
      html: '<p>Hej Anna! Kartläggningen ska vara klar <strong>15 mars</strong>.</p>',
      attachments: [{ filename: 'mote.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar' }],
    });
    transport.close();

    const list = (await stack.agents.owner.get('/dev/outbox').expect(200)).body.messages as Array<{ id: string; subject: string; to: string[]; receivedAt: string }>;
    expect(list.map((m) => m.subject)).toEqual([subject, 'Tidigare 3', 'Tidigare 2', 'Tidigare 1']);
    expect(list.map((m) => m.receivedAt)).toEqual([...list.map((m) => m.receivedAt)].sort().reverse());
    expect(Date.parse(list[0].receivedAt)).not.toBeNaN();
    const entry = list.find((m) => m.subject === subject);
    expect(entry).toMatchObject({ to: [`Anna Lindqvist <${me}>`] });

    const message = (await stack.agents.owner.get(`/dev/outbox/${entry!.id}`).expect(200)).body;
    expect(message).toMatchObject({
      subject,
      from: 'Fullfölj <no-reply@fullfolj.local>',
      text: expect.stringContaining('15 mars'),
      html: expect.stringContaining('<strong>15 mars</strong>'),
      attachments: [{ filename: 'mote.ics', contentType: 'text/calendar' }],
    });
    expect(message.messageId).toMatch(/^<.+>$/);

    // The HTML body on its own, for the outbox page's frame: a policy that runs no script and loads nothing.
    const body = await stack.agents.owner.get(`/dev/outbox/${entry!.id}/body`).expect(200);
    expect(body.headers['content-type']).toMatch(/^text\/html/);
    expect(body.text).toBe('<p>Hej Anna! Kartläggningen ska vara klar <strong>15 mars</strong>.</p>');
    expect(body.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox");
    expect(body.headers['x-frame-options']).toBe('SAMEORIGIN');
    // A text-only mail has no HTML body to show.
    await stack.agents.owner.get(`/dev/outbox/${list.find((m) => m.subject === 'Tidigare 1')!.id}/body`).expect(404);
  });

  // Issue 15, finding 2: a person with no role anywhere read another's handover mail, signed link and all.
  it('shows nobody mail addressed to someone else, in the list or by id', async () => {
    const maria = await stack.addPerson('maria', 'Maria Tjänsteperson');
    const bertil = await stack.addPerson('bertil', 'Bertil Utan Roll');
    const transport = createTransport(sink.url);
    const handover = `Överlämning ${stack.run}`;
    await transport.sendMail({ from: 'Fullfölj <no-reply@fullfolj.local>', to: `Maria <${maria.email}>`, subject: handover, text: 'Klicka: http://localhost:3000/l/signed-token' });
    // Addresses match whatever their case, in Cc and Bcc too.
    await transport.sendMail({ from: 'Fullfölj <no-reply@fullfolj.local>', to: 'x@kommun.example', cc: maria.email.toUpperCase(), subject: `Kopia ${stack.run}`, text: '.' });
    // A message that keeps its Bcc header as sent (nodemailer would leave it out).
    await transport.sendMail({
      envelope: { from: 'no-reply@fullfolj.local', to: [bertil.email] },
      raw: `From: no-reply@fullfolj.local\r\nTo: y@kommun.example\r\nBcc: ${bertil.email}\r\nSubject: Dold ${stack.run}\r\n\r\n.\r\n`,
    });
    transport.close();

    const listOf = async (key: string) => ((await stack.agents[key].get('/dev/outbox').expect(200)).body.messages as Array<{ id: string; subject: string }>);
    const marias = await listOf('maria');
    expect(marias.map((m) => m.subject)).toEqual([`Kopia ${stack.run}`, handover]);
    const bertils = await listOf('bertil');
    expect(bertils.map((m) => m.subject)).toEqual([`Dold ${stack.run}`]);
    expect((await listOf('owner')).map((m) => m.subject)).not.toContain(handover);

    const handoverId = marias.find((m) => m.subject === handover)!.id;
    await stack.agents.maria.get(`/dev/outbox/${handoverId}`).expect(200);
    // The same answer as for an id that does not exist: no confirmation that the mail is there.
    const foreign = await stack.agents.bertil.get(`/dev/outbox/${handoverId}`).expect(404);
    const absent = await stack.agents.bertil.get('/dev/outbox/2026-01-01T00-00-00-000Z-00000000.eml').expect(404);
    expect(foreign.body).toEqual(absent.body);
    expect(JSON.stringify(foreign.body)).not.toContain('Klicka');
    await stack.agents.bertil.get(`/dev/outbox/${handoverId}/body`).expect(404);
  });

  it('never reads outside its folder, and needs a signed-in person', async () => {
    await stack.agents.owner.get('/dev/outbox/..%2F..%2Fetc%2Fpasswd').expect(404);
    await stack.agents.owner.get('/dev/outbox/2026-01-01T00-00-00-000Z-00000000.eml').expect(404);
    await request(stack.app.getHttpServer()).get('/dev/outbox').expect(401);
  });

  it('does not exist without the embedded sink', async () => {
    const res = await plain.agents.owner.get('/dev/outbox').expect(404);
    expect(res.body.message).toMatch(/only in development/);
  });
});
