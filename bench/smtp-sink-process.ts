// The embedded SMTP sink as a process of its own: `node smtp-sink-process.js <dir> <port>`.
// Each accepted message is an .eml file; its mtime is the moment it was accepted.
import { startSmtpSink } from '@fullfolj/runtime';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  if (!dir || !port) throw new Error('usage: smtp-sink-process <dir> <port>');
  const sink = await startSmtpSink({ dir, port: Number(port) });
  console.log(`listening on ${sink.url}`);
  const stop = () => void sink.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
