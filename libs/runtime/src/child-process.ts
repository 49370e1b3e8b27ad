import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A long-running child (Temporal dev server, embedded PostgreSQL host, API, worker).
 * Children run in their own process group, so a terminal's Ctrl-C reaches only the
 * parent, which then stops them in order. If the parent exits anyway, the groups are killed.
 */
export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or signal) once the child has exited. */
  readonly exited: Promise<number | string | null>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  /** SIGKILL the whole process group at once (used by fault tests). */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
const started = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    for (const child of started) killOrphans(child);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function killOrphans(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group
  }
}

export interface SpawnManagedOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each line the child prints; defaults to prefixing it on our stderr. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export function spawnManaged(options: SpawnManagedOptions): ManagedChild {
  installExitHook();
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const child = spawn(options.command, options.args, spawnOptions);
  live.add(child);
  started.add(child);
  const onLine = options.onLine ?? ((line: string) => process.stderr.write(`[${options.name}] ${line}\n`));
  for (const stream of ['stdout', 'stderr'] as const) {
    let buffer = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, newline), stream);
        buffer = buffer.slice(newline + 1);
      }
    });
  }
  const exited = new Promise<number | string | null>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal);
    });
    child.on('error', (error) => {
      live.delete(child);
      onLine(`failed to start: ${error.message}`, 'stderr');
      resolve(null);
    });
  });

  return {
    name: options.name,
    process: child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
      // Grandchildren that outlived their parent go too (the group may outlive its leader).
      killOrphans(child);
    },
    async kill() {
      killGroup(child, 'SIGKILL');
      await exited;
      killOrphans(child);
    },
  };
}

/** Waits until a line matching `pattern` appears, or fails if the child exits first. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  exited: Promise<unknown>,
  timeoutMs: number,
  what: string,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${what} did not become ready within ${timeoutMs / 1000}s`)), timeoutMs);
    const listeners: Array<() => void> = [];
    const finish = () => {
      clearTimeout(timer);
      listeners.forEach((off) => off());
    };
    const fail = (error: Error) => {
      finish();
      reject(error);
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      let buffer = '';
      const onData = (chunk: Buffer | string) => {
        buffer += chunk.toString();
        const match = buffer.match(pattern);
        if (match) {
          finish();
          resolve(match);
        }
        if (buffer.length > 65_536) buffer = buffer.slice(-4096);
      };
      stream.on('data', onData);
      listeners.push(() => stream.off('data', onData));
    }
    void exited.then((code) => fail(new Error(`${what} exited (${String(code)}) before it was ready`)));
  });
}

/** Polls `probe` until it resolves true; fails after the timeout or as soon as `failIf` names a reason. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; intervalMs?: number; failIf?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const fatal = options.failIf?.();
    if (fatal) throw new Error(`${options.what}: ${fatal}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${options.what} did not become ready within ${options.timeoutMs / 1000}s`);
    await delay(options.intervalMs ?? 200);
  }
}
