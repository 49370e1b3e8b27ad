import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The rules of .dependency-cruiser.cjs, run by the real depcruise CLI over a tiny tree laid
// out like this repo: each forbidden import must fail it, and the same tree without it passes.
const root = path.resolve(__dirname, '..', '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'depcruise-'));
  copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  const base = { compilerOptions: { module: 'es2022', moduleResolution: 'node', baseUrl: '.', strict: true } };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(base));
  writeFileSync(path.join(dir, 'tsconfig.depcruise.json'), JSON.stringify({ extends: './tsconfig.json' }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function cruise(dir: string): { status: number | null; output: string } {
  const run = spawnSync(depcruise, ['apps', 'libs', 'activities', 'workflows', '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const allowed = {
  'apps/api/src/bootstrap.ts': `import { plan } from '../../../libs/domain/src/planning/plan';\nimport type { Acts } from '../../../activities/acts';\nexport const boot = (a?: Acts) => plan() + String(a);\n`,
  'libs/domain/src/planning/plan.ts': `export const plan = () => 'plan';\n`,
  'libs/domain/src/index.ts': `export * from './planning/plan';\n`,
  'libs/contracts/src/ids.ts': `export const id = 'x';\n`,
  'activities/acts.ts': `import { plan } from '../libs/domain/src/planning/plan';\nexport interface Acts { run(): string }\nexport const acts = { run: plan };\n`,
  'workflows/programme.workflow.ts': `import { plan } from '../libs/domain/src/planning/plan';\nimport { id } from '../libs/contracts/src/ids';\nimport type { Acts } from '../activities/acts';\nexport const wf = (a?: Acts) => plan() + id + String(a);\n`,
};

const cases: Array<[rule: string, file: string, text: string]> = [
  ['libs-point-down', 'libs/domain/src/planning/bad.ts', `import { boot } from '../../../../apps/api/src/bootstrap';\nexport const bad = boot;\n`],
  ['workflows-no-domain-barrel', 'workflows/bad.workflow.ts', `import { plan } from '../libs/domain/src';\nexport const bad = plan;\n`],
  ['workflows-deterministic-imports', 'workflows/bad.workflow.ts', `import { acts } from '../activities/acts';\nexport const bad = acts;\n`],
  ['api-workflow-code-as-types-only', 'apps/api/src/bad.ts', `import { wf } from '../../../workflows/programme.workflow';\nexport const bad = wf;\n`],
  ['activities-import-libs-only', 'activities/bad.ts', `import { boot } from '../apps/api/src/bootstrap';\nexport const bad = boot;\n`],
];

describe('dependency rules (depcruise in npm run lint)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('pass a tree whose imports point one way, type-only imports of activities included', () => {
    const dir = tree(allowed);
    dirs.push(dir);
    const result = cruise(dir);
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it.each(cases)('%s: fails on %s', (rule, file, text) => {
    const dir = tree({ ...allowed, [file]: text });
    dirs.push(dir);
    const result = cruise(dir);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`error ${rule}: ${file}`);
  });
});
