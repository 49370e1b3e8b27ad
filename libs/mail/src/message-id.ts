import { createHash } from 'node:crypto';

/**
 * A Message-ID derived from the outbox key: a message resent after a crash carries
 * the same id, so mail clients and our tests can recognise it as one message.
 */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'fullfolj.local';
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return `<${digest}@${domain}>`;
}
