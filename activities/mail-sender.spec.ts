import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createMailActivities } from './mail.activities';
import { mailSenderThreadAvailable, SendOutcome, ThreadMailSender } from './mail-sender';

// The thread host's contract, with a stand-in thread that speaks the same protocol as
// mail-sender.thread.ts (the real one needs the compiled worker and the servers; the
// e2e and fault suites run it): results come back by id, a thread that dies fails what it
// had in flight (retryably) and the next send starts a new thread.
const fakeThread = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type === 'close') { parentPort.postMessage({ type: 'closed' }); parentPort.close(); return; }
  if (m.key === 'die') process.exit(3);
  if (m.key === 'throw') setTimeout(() => { throw new Error('boom in the thread'); });
  if (m.key === 'hang' || m.key === 'throw') return;
  if (m.key === 'refused') { parentPort.postMessage({ type: 'result', id: m.id, outcome: { kind: 'error', name: 'Error', message: '550 no such mailbox', responseCode: 550 } }); return; }
  setTimeout(() => parentPort.postMessage({ type: 'result', id: m.id, outcome: { kind: 'sent', messageId: '<' + m.key + '@' + workerData.from + '>' } }), 5);
});
`;

const data = { databaseUrl: 'postgres://unused', smtpUrl: 'smtp://unused', from: 'test.local', maxInFlight: 5 };

describe('ThreadMailSender', () => {
  let sender: ThreadMailSender;
  beforeEach(() => (sender = new ThreadMailSender(data, { code: fakeThread })));
  afterEach(() => sender.close());

  it('runs the sends in one thread and matches each result to its key', async () => {
    const outcomes = await Promise.all(['a', 'b', 'c'].map((key) => sender.send(key)));
    expect(outcomes).toEqual<SendOutcome[]>(['a', 'b', 'c'].map((key) => ({ kind: 'sent', messageId: `<${key}@test.local>` })));
    expect(sender.started).toBe(1);
  });

  it('fails what a dying thread had in flight, then starts a new thread', async () => {
    await sender.send('warm');
    const inFlight = sender.send('hang');
    const dying = sender.send('die');
    await expect(dying).rejects.toMatchObject({ name: 'MailSenderThreadExited', message: expect.stringContaining('code 3') });
    await expect(inFlight).rejects.toMatchObject({ name: 'MailSenderThreadExited' });
    await expect(sender.send('after')).resolves.toEqual({ kind: 'sent', messageId: '<after@test.local>' });
    expect(sender.started).toBe(2);
  });

  it('says why, when the thread died of an uncaught error', async () => {
    await expect(sender.send('throw')).rejects.toMatchObject({ name: 'MailSenderThreadExited', message: expect.stringContaining('boom in the thread') });
    await expect(sender.send('again')).resolves.toMatchObject({ kind: 'sent' });
  });

  it('closes the thread, and refuses sends after close', async () => {
    await sender.send('x');
    await sender.close();
    await expect(sender.send('y')).rejects.toThrow('closed');
  });

  it('is not what jest uses: there is no compiled thread entry next to the TypeScript source', () => {
    expect(mailSenderThreadAvailable()).toBe(false);
  });
});

describe('deliverMail over a sender thread', () => {
  const outbox = {
    enqueue: jest.fn(),
    findByKey: jest.fn(async (key: string) => ({ key, messageId: `<${key}@test.local>` })),
    sendPending: jest.fn(),
    recordFailure: jest.fn(async () => undefined),
    markFailed: jest.fn(async () => undefined),
  };
  const transport = { maxConnections: 2, send: jest.fn(), verify: jest.fn(), close: jest.fn() };
  let sender: ThreadMailSender;
  beforeEach(() => {
    jest.clearAllMocks();
    sender = new ThreadMailSender(data, { code: fakeThread });
  });
  afterEach(() => sender.close());

  it('a thread death is a retryable failure, recorded on the row; the retry goes through a new thread', async () => {
    const mail = createMailActivities({ outbox: outbox as never, transport, from: 'test.local', sender });
    const env = new MockActivityEnvironment();
    const failure = await env.run(mail.deliverMail, 'die').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect(outbox.recordFailure).toHaveBeenCalledWith('die', expect.stringContaining('mail sender thread exited'));
    expect(outbox.markFailed).not.toHaveBeenCalled();
    await expect(env.run(mail.deliverMail, 'k1')).resolves.toEqual({ key: 'k1', messageId: '<k1@test.local>', sentNow: true });
    expect(sender.started).toBe(2);
    // The in-process path is not used when a sender is given.
    expect(outbox.sendPending).not.toHaveBeenCalled();
  });

  it('a 5xx from the thread marks the message failed, as in-process', async () => {
    const mail = createMailActivities({ outbox: outbox as never, transport, from: 'test.local', sender });
    await expect(new MockActivityEnvironment().run(mail.deliverMail, 'refused')).resolves.toEqual({
      key: 'refused',
      messageId: '<refused@test.local>',
      sentNow: false,
      failed: true,
    });
    expect(outbox.markFailed).toHaveBeenCalledWith('refused', '550 no such mailbox');
  });
});
