import { classifySmtpError, SMTP_TEXT_MAX } from './smtp-errors';

/** Shaped as nodemailer's SMTP connection reports a reply (see its _formatError). */
function replied(response: string, command: string, code = command === 'DATA' ? 'EMESSAGE' : 'EENVELOPE') {
  return Object.assign(new Error(`Message failed: ${response}`), { code, response, responseCode: Number(response.slice(0, 3)), command });
}

describe('classifySmtpError', () => {
  it.each([
    ['550 5.1.1 No such mailbox', 'RCPT TO'],
    ['553 5.1.3 Address not allowed', 'RCPT TO'],
    ['554 5.7.1 Message refused', 'DATA'],
    ['552 5.3.4 Message too big', 'DATA'],
    ['550 5.7.1 Sender rejected', 'MAIL FROM'],
  ])('a 5xx about the message is permanent: %s (%s)', (response, command) => {
    expect(classifySmtpError(replied(response, command))).toEqual({ permanent: true, code: Number(response.slice(0, 3)), text: response });
  });

  it.each([
    ['421 4.3.2 Service shutting down', 'RCPT TO'],
    ['450 4.2.1 Mailbox busy', 'RCPT TO'],
    ['451 4.3.0 Try again later', 'DATA'],
    ['452 4.3.1 Insufficient storage', 'MAIL FROM'],
  ])('a 4xx is temporary: %s', (response, command) => {
    expect(classifySmtpError(replied(response, command))).toMatchObject({ permanent: false, code: Number(response.slice(0, 3)) });
  });

  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET', command: 'CONN' })],
    ['connection closed', Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })],
    ['timeout', Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT', command: 'CONN' })],
    ['greeting timeout', Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' })],
    ['no error object', 'socket hang up'],
  ])('no answer at all is temporary: %s', (_, error) => {
    expect(classifySmtpError(error)).toMatchObject({ permanent: false, code: null });
  });

  it('a 5xx about the connection, not the message, is retried: every message would be refused alike', () => {
    const auth = Object.assign(new Error('Invalid login: 535 5.7.8 Authentication failed'), { code: 'EAUTH', response: '535 5.7.8 Authentication failed', responseCode: 535, command: 'AUTH PLAIN' });
    expect(classifySmtpError(auth)).toMatchObject({ permanent: false, code: 535 });
    const greeting = Object.assign(new Error('554 No SMTP service here'), { code: 'EPROTOCOL', response: '554 No SMTP service here', responseCode: 554, command: 'CONN' });
    expect(classifySmtpError(greeting)).toMatchObject({ permanent: false, code: 554 });
  });

  it("keeps the server's text on one line, shortened", () => {
    const long = `550-5.1.1 The mailbox does not exist\r\n550 5.1.1 ${'x'.repeat(2000)}`;
    const { text } = classifySmtpError(replied(long, 'RCPT TO'));
    expect(text.startsWith('550-5.1.1 The mailbox does not exist 550 5.1.1 xxx')).toBe(true);
    expect(text).toHaveLength(SMTP_TEXT_MAX);
    expect(text).not.toMatch(/[\r\n]/);
  });
});
