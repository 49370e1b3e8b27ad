// Where the CPU went: per-process CPU time of everything this benchmark started (its
// descendants), grouped by role, between two snapshots. Linux /proc only.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] = state, [1] = ppid, [11] = utime, [12] = stime
      out.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export type Roles = Record<string, number | undefined>;

/** CPU ticks per role: the named pids (and their descendants), temporal, postgres, and the bench itself. */
export function cpuSnapshot(roles: Roles): Map<string, number> {
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const named = new Map<number, string>(Object.entries(roles).filter(([, pid]) => pid !== undefined).map(([role, pid]) => [pid!, role]));
  named.set(process.pid, 'bench');
  const totals = new Map<string, number>();
  for (const p of procs) {
    // Walk up to the bench: the nearest named ancestor names the role.
    let role: string | undefined;
    let cur: ProcInfo | undefined = p;
    let descendant = false;
    for (let depth = 0; cur && depth < 20; depth++) {
      if (!role && named.has(cur.pid) && cur.pid !== process.pid) role = named.get(cur.pid);
      if (cur.pid === process.pid) {
        descendant = true;
        break;
      }
      cur = byPid.get(cur.ppid);
    }
    if (!descendant) continue;
    if (p.pid === process.pid) role = 'bench';
    role ??= /postgres/.test(p.comm) ? 'postgres' : /temporal/.test(p.comm) ? 'temporal' : 'other';
    totals.set(role, (totals.get(role) ?? 0) + p.ticks);
  }
  return totals;
}

/** CPU seconds per role between two snapshots, and the share of the machine's capacity used over `wallSeconds`. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>, wallSeconds: number): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  let total = 0;
  for (const [role, ticks] of after) {
    const s = (ticks - (before.get(role) ?? 0)) / TICKS_PER_SECOND;
    if (s <= 0.005) continue;
    out[`cpu ${role} s`] = Math.round(s * 100) / 100;
    total += s;
  }
  out['cpu busy %'] = Math.round((total / (wallSeconds * os.cpus().length)) * 100);
  return out;
}

/** Runs `work` and returns its result with the CPU seconds each role spent meanwhile. */
export async function withCpu<T>(roles: Roles, work: () => Promise<T>): Promise<{ value: T; cpu: Record<string, number | string> }> {
  const before = cpuSnapshot(roles);
  const t0 = performance.now();
  const value = await work();
  const cpu = cpuBetween(before, cpuSnapshot(roles), (performance.now() - t0) / 1000);
  return { value, cpu };
}
