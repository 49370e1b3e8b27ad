import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

// Everything in libs/domain/src except *.node.ts (and the node.ts entry point) is imported by
// Temporal workflow code, which must be deterministic and free of IO. This guards against
// regressions that the workflow bundler or replay would only catch much later.

const ROOT = __dirname;
// Contracts are the workflow's own types and definitions (plus assertNever), safe in workflow code too.
const ALLOWED_PACKAGES = new Set(['zod', 'luxon', 'date-holidays', '@fullfolj/contracts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const workflowSafe = sourceFiles(ROOT).filter(
  (file) => !file.endsWith('.spec.ts') && !file.endsWith('.node.ts') && relative(ROOT, file) !== 'node.ts',
);

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bDateTime\.(now|local)\s*\(\s*\)/, 'luxon DateTime.now()/local()'],
  [/\bSettings\.\w+\s*=/, 'mutating luxon Settings'],
  [/\bprocess\./, 'process'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'timers'],
  [/\brequire\s*\(/, 'require()'],
];

describe('workflow safety of libs/domain', () => {
  it('finds the sources it guards', () => {
    expect(workflowSafe.map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(['index.ts', 'calendar/working-day-calendar.ts', 'planning/plan-programme.ts', 'templates/template.schema.ts']),
    );
  });

  it.each(workflowSafe.map((file) => [relative(ROOT, file), file]))('%s is deterministic and free of IO', (name, file) => {
    const code = stripComments(readFileSync(file, 'utf8'));
    for (const [pattern, what] of FORBIDDEN) {
      expect({ file: name, uses: pattern.test(code) ? what : null }).toEqual({ file: name, uses: null });
    }
    const imports = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const specifier of imports) {
      if (specifier.startsWith('.')) {
        expect({ file: name, imports: specifier }).not.toEqual({ file: name, imports: expect.stringMatching(/(\.node|\/node)$/) });
        continue;
      }
      const isBuiltin = specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
      expect({ file: name, imports: specifier, builtin: isBuiltin, allowed: ALLOWED_PACKAGES.has(specifier) }).toEqual({
        file: name,
        imports: specifier,
        builtin: false,
        allowed: true,
      });
    }
  });
});
