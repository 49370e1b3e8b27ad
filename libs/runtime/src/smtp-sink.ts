import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
// smtp-server is a development dependency: loaded only when a sink starts, never in production.
import type { SMTPServer as SmtpServerClass } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  /** Where each received message is kept as an .eml file. */
  dir: string;
  /** Every message stored since start, in order of arrival (empty unless started with `record: true`). */
  received(): readonly ReceivedMessage[];
  stop(): Promise<void>;
}

/**
 * What the sink knows about one stored message. `replyEnd` locates the 250 in the
 * connection's server-to-client byte stream; whether those bytes reached the client is
 * for whoever sits on the path to know (a TCP proxy counting what it forwarded): the
 * sink's own write only puts them in its kernel buffer, which says nothing about a cut
 * or a killed client further on.
 */
export interface ReceivedMessage {
  /** The .eml file it was kept as. */
  file: string;
  /** The Message-ID header as sent (with its angle brackets), or '' if it had none. */
  messageId: string;
  /** Envelope recipients (RCPT TO), lower case. */
  to: string[];
  /** When the final "." arrived (epoch ms). */
  dotAt: number;
  /** The client's address and port as the sink saw them (a proxy's outgoing port, if one is in between). */
  remoteAddress: string;
  remotePort: number;
  /**
   * Bytes the sink had written on this connection once its 250 was queued, counting from
   * the greeting; null if the socket was already gone, so no 250 was written at all.
   */
  replyEnd: number | null;
}

/** The Message-ID header of a stored message (headers end at the first empty line; folded lines unfolded). */
function messageIdOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:[ \t]*(.*)$/im.exec(head)?.[1].trim() ?? '';
}

/** How a sink answers, for tests that need a relay's refusals and delays (it accepts everything at once by default). */
export interface SmtpSinkBehaviour {
  /** An answer to RCPT TO instead of accepting it (e.g. 451 greylisting, 550 unknown mailbox); `attempt` counts from 1 per address. */
  refuseRecipient?(address: string, attempt: number): { code: number; message: string } | undefined;
  /** How long the 250 after a stored message waits (a relay scanning it), by its recipients. */
  replyDelayMs?(to: string[]): number;
}

/**
 * A real SMTP server for development and tests: it accepts every message and keeps it
 * as an .eml file, so a person (or a test) can read exactly what would have been sent.
 */
export async function startSmtpSink(options: { dir: string; port: number; host?: string; record?: boolean; behaviour?: SmtpSinkBehaviour }): Promise<SmtpSink> {
  // Mail holds names, comments and working signed links: only the owner may read it, like the secrets.
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  chmodSync(options.dir, 0o700); // also a folder an earlier version made 0755
  const { SMTPServer } = (await import('smtp-server')) as { SMTPServer: typeof SmtpServerClass };
  const received: ReceivedMessage[] = [];
  // Open sockets by the client's port, so a record can say where on its connection the 250 went.
  const sockets = new Map<number, Socket>();
  const attempts = new Map<string, number>();
  const behaviour = options.behaviour ?? {};
  const server = new SMTPServer({
    name: 'fullfolj-smtp-sink',
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    // Any credentials are fine: the sink stands in for a relay that may require them.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onRcptTo({ address }, _session, callback) {
      const attempt = (attempts.get(address.toLowerCase()) ?? 0) + 1;
      attempts.set(address.toLowerCase(), attempt);
      const refusal = behaviour.refuseRecipient?.(address.toLowerCase(), attempt);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const partial = path.join(options.dir, `.${name}.part`);
      let dotAt = 0;
      stream.once('end', () => (dotAt = Date.now())); // the data stream ends at the final "."
      // Written under a temporary name and renamed, so readers never see half a message.
      pipeline(stream, createWriteStream(partial, { mode: 0o600 }))
        .then(() => {
          const file = path.join(options.dir, name);
          renameSync(partial, file);
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const reply = () => {
            if (!options.record) return callback();
            const socket = sockets.get(session.remotePort);
            const before = socket?.bytesWritten ?? 0;
            // smtp-server writes its 250 synchronously inside callback() (the data stream has
            // ended), unless the socket is already gone; bytesWritten counts queued bytes too.
            callback();
            const after = socket?.bytesWritten ?? 0;
            received.push({
              file: name,
              messageId: messageIdOf(readFileSync(file, 'latin1')),
              to,
              dotAt,
              remoteAddress: session.remoteAddress,
              remotePort: session.remotePort,
              replyEnd: socket && after > before ? after : null,
            });
          };
          // Stored before the 250 goes out, as with a relay that scans a message before answering.
          const delay = behaviour.replyDelayMs?.(to) ?? 0;
          if (delay > 0) setTimeout(reply, delay);
          else reply();
        })
        .catch((error: Error) => {
          rmSync(partial, { force: true });
          callback(error);
        });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined); // per-connection errors are the client's problem
  if (options.record) {
    server.server.on('connection', (socket: Socket) => {
      const key = socket.remotePort ?? 0; // the sink listens on one loopback address: the port tells clients apart
      sockets.set(key, socket);
      socket.once('close', () => sockets.get(key) === socket && sockets.delete(key));
    });
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `smtp://${host}:${port}`,
    port,
    dir: options.dir,
    received: () => received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
