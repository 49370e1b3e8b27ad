import path from 'node:path';
import { ManagedChild, projectRoot, spawnManaged, waitUntil } from '@fullfolj/runtime';

/** The compiled API (`npm test` and `npm run build` put it in dist/). */
export const compiledApiMain = (): string => path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');

export interface ApiProcess {
  readonly child: ManagedChild;
  /** Where it listens, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  exited(): boolean;
  /** The last lines it printed, for failure messages. */
  output(): string;
  /** SIGKILL its process group: no shutdown hooks, no answer to requests in flight. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the compiled API (`node dist/apps/api/src/main.js`) as a process of its own with
 * exactly `env` (plus PATH and HOME) on `port`, and waits until it answers /health.
 */
export async function startApiProcess(env: Record<string, string>, port: number, options: { name?: string; timeoutMs?: number } = {}): Promise<ApiProcess> {
  const name = options.name ?? 'api';
  const lines: string[] = [];
  const child = spawnManaged({
    name,
    command: process.execPath,
    args: [compiledApiMain()],
    cwd: projectRoot(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, API_HOST: '127.0.0.1', API_PORT: String(port) },
    onLine: (line, stream) => {
      lines.push(`[${name} ${stream}] ${line}`);
      if (lines.length > 200) lines.shift();
    },
  });
  let hasExited = false;
  void child.exited.then(() => (hasExited = true));
  const api: ApiProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    exited: () => hasExited,
    output: () => lines.join('\n'),
    kill: () => child.kill(),
    stop: (timeoutMs = 15_000) => child.stop('SIGTERM', timeoutMs),
  };
  try {
    await waitUntil(
      async () => {
        const res = await fetch(`${api.url}/health`).catch(() => undefined);
        return res !== undefined;
      },
      { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 200, what: `${name} answering on port ${port}`, failIf: () => (hasExited ? `exited before it answered:\n${api.output()}` : undefined) },
    );
  } catch (error) {
    await child.kill();
    throw error;
  }
  return api;
}
