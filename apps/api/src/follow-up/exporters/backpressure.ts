import type { Readable } from 'node:stream';

const HIGH_WATER = 1 << 20;

export interface WriterOptions {
  /** Bytes a writer lets queue up unread before it pauses (default 1 MiB). */
  highWaterMark?: number;
}

/** Writers check for backpressure after this many rows. */
export const ROWS_PER_CHECK = 50;

/**
 * Waits while a megabyte or more is queued in `stream` (its reader is slower than we write),
 * so a large report is produced at the pace the client reads it.
 */
export const DEFAULT_HIGH_WATER = HIGH_WATER;
export async function whileBuffered(stream: Readable, limit: number = HIGH_WATER): Promise<void> {
  // Let the event loop turn: compression (zlib runs off the main thread) and other requests go on.
  await new Promise((resolve) => setImmediate(resolve));
  while (stream.readableLength >= limit && !stream.destroyed) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
