type Stopper = () => Promise<void>;

export default async function globalTeardown(): Promise<void> {
  const stoppers = (globalThis as { __fullfolj_stoppers?: Stopper[] }).__fullfolj_stoppers ?? [];
  // The test database is dropped first, then the servers stop in reverse order.
  for (const stop of [...stoppers].reverse()) {
    await stop().catch((error: unknown) => console.error('teardown:', error));
  }
}
