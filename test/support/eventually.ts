import { setTimeout as delay } from 'node:timers/promises';

/** Retries an assertion until it passes (for states that settle, like a reconnect); no fixed sleeps. */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(intervalMs);
    }
  }
}
