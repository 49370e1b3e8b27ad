import path from 'node:path';
import { Connection } from '@temporalio/client';
import { workerProcessEnv, type ServiceConfig } from '@fullfolj/config';
import { ManagedChild, projectRoot, spawnManaged, waitUntil } from '@fullfolj/runtime';

/** The compiled worker (`npm test` and `npm run build` put it in dist/). */
export const compiledWorkerMain = (): string => path.join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');

export { workerProcessEnv };

export interface WorkerProcess {
  readonly child: ManagedChild;
  readonly pid: number;
  readonly taskQueue: string;
  /** Whether the process has exited (killed, crashed or stopped). */
  exited(): boolean;
  /** The last lines it printed, for failure messages. */
  output(): string;
  /** SIGKILL its whole process group: no shutdown hooks, nothing recorded on the way out. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}


/**
 * Starts the compiled worker (`node dist/apps/worker/src/main.js`) as a separate process in
 * its own process group, and waits until it polls its task queue: Temporal lists a poller
 * with the worker's default identity, `<pid>@<host>`. Fails early if the process exits.
 */
export async function startWorkerProcess(config: ServiceConfig, options: { name?: string; timeoutMs?: number } = {}): Promise<WorkerProcess> {
  const name = options.name ?? 'worker';
  const lines: string[] = [];
  const child = spawnManaged({
    name,
    command: process.execPath,
    args: [compiledWorkerMain()],
    cwd: projectRoot(),
    env: workerProcessEnv(config),
    onLine: (line, stream) => {
      lines.push(`[${name} ${stream}] ${line}`);
      if (lines.length > 200) lines.shift();
    },
  });
  let hasExited = false;
  void child.exited.then(() => (hasExited = true));
  const pid = child.process.pid;
  const worker: WorkerProcess = {
    child,
    pid: pid ?? -1,
    taskQueue: config.temporal.taskQueue,
    exited: () => hasExited,
    output: () => lines.join('\n'),
    kill: () => child.kill(),
    stop: (timeoutMs = 15_000) => child.stop('SIGTERM', timeoutMs),
  };
  try {
    if (pid === undefined) throw new Error(`${name} did not start`);
    const connection = await Connection.connect({ address: config.temporal.address });
    try {
      await waitUntil(() => isPolling(connection, config, pid), {
        timeoutMs: options.timeoutMs ?? 60_000,
        what: `${name} (pid ${pid}) polling task queue ${config.temporal.taskQueue}`,
        intervalMs: 250,
        failIf: () => (hasExited ? `exited before it polled:\n${worker.output()}` : undefined),
      });
    } finally {
      await connection.close();
    }
  } catch (error) {
    await child.kill();
    throw error;
  }
  return worker;
}

const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;

async function isPolling(connection: Connection, config: ServiceConfig, pid: number): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: config.temporal.namespace,
    taskQueue: { name: config.temporal.taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
  });
  return (pollers ?? []).some((poller) => poller.identity?.startsWith(`${pid}@`));
}
