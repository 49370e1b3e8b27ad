import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
// smtp-server is a development dependency: loaded only when a sink starts, never in production.
import type { SMTPServer as SmtpServerClass } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  /** Where each received message is kept as an .eml file. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server for development and tests: it accepts every message and keeps it
 * as an .eml file, so a person (or a test) can read exactly what would have been sent.
 */
export async function startSmtpSink(options: { dir: string; port: number; host?: string }): Promise<SmtpSink> {
  // Mail holds names, comments and working signed links: only the owner may read it, like the secrets.
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  chmodSync(options.dir, 0o700); // also a folder an earlier version made 0755
  const { SMTPServer } = (await import('smtp-server')) as { SMTPServer: typeof SmtpServerClass };
  const server = new SMTPServer({
    name: 'fullfolj-smtp-sink',
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    // Any credentials are fine: the sink stands in for a relay that may require them.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData(stream, _session, callback) {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const partial = path.join(options.dir, `.${name}.part`);
      // Written under a temporary name and renamed, so readers never see half a message.
      pipeline(stream, createWriteStream(partial, { mode: 0o600 }))
        .then(() => {
          renameSync(partial, path.join(options.dir, name));
          callback();
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
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `smtp://${host}:${port}`,
    port,
    dir: options.dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
