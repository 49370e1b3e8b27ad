/**
 * What an SMTP failure means for the message: try again later, or give up on it.
 *
 * Permanent: a 5xx answer to this message's own envelope or content (MAIL FROM, RCPT TO,
 * DATA), e.g. 550 no such mailbox, 553 address not allowed, 554 transaction failed. The
 * same message would be refused again, so it is marked failed and shown to the owner.
 *
 * Temporary, retried with backoff: every 4xx (421 closing, 450/451 try later, 452 no room),
 * connection errors and timeouts (no answer at all), and also 5xx answers that are not about
 * the message but about the connection (greeting, EHLO, AUTH: e.g. 535 wrong credentials).
 * Those would refuse every message alike; giving up on each would drop all mail over a
 * configuration mistake, while retrying delivers it all once the relay is fixed.
 */
export interface SmtpFailure {
  permanent: boolean;
  /** The server's reply code, when it answered (null for a connection error or timeout). */
  code: number | null;
  /** The server's reply text (or the error when there was none), on one line and shortened. */
  text: string;
}

/** Kept on the outbox row: long enough for any real reply, short enough to show in a table. */
export const SMTP_TEXT_MAX = 500;

const MESSAGE_COMMANDS = /^(MAIL FROM|RCPT TO|DATA)\b/i;
const MESSAGE_ERROR_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as NodemailerError;
  const code = typeof e.responseCode === 'number' && e.responseCode >= 200 && e.responseCode < 600 ? e.responseCode : null;
  const raw = typeof e.response === 'string' && e.response.trim() ? e.response : error instanceof Error ? error.message : String(error);
  const text = oneLine(raw);
  const aboutMessage = (typeof e.command === 'string' && MESSAGE_COMMANDS.test(e.command)) || (typeof e.code === 'string' && MESSAGE_ERROR_CODES.has(e.code));
  return { permanent: code !== null && code >= 500 && aboutMessage, code, text };
}

/** Multi-line replies and stray control characters on one line, cut at SMTP_TEXT_MAX. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > SMTP_TEXT_MAX ? `${flat.slice(0, SMTP_TEXT_MAX - 1)}…` : flat;
}
