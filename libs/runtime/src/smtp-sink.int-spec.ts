import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const modeOf = (file: string) => statSync(file).mode & 0o777;

// The sink keeps every message as a file; they hold names, comments and working signed links.
describe('the SMTP sink keeps mail for its owner only', () => {
  let root: string;
  let sink: SmtpSink | undefined;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-sink-'));
  });
  afterEach(async () => {
    await sink?.stop();
    sink = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  const send = async (s: SmtpSink) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'fullfolj@kommun.example', to: 'rektor@kommun.example', subject: 'Påminnelse', text: 'Öppna: http://localhost/l/token' });
    transport.close();
  };

  it.each([
    ['a new mail folder', (dir: string) => dir],
    [
      'a mail folder an earlier version made world-readable',
      (dir: string) => {
        mkdirSync(dir, { mode: 0o755 });
        chmodSync(dir, 0o755);
        return dir;
      },
    ],
  ])('writes each message 0600 in a 0700 folder: %s', async (_what, prepare) => {
    const dir = prepare(path.join(root, 'mail'));
    sink = await startSmtpSink({ dir, port: 0 });
    await send(sink);
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dir, files[0]), 'utf8')).toContain('Subject: =?UTF-8?');
    expect(modeOf(path.join(dir, files[0]))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
  });
});
