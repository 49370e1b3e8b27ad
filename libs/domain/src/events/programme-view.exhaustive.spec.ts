import { join, resolve } from 'node:path';
import ts from 'typescript';

// applyEvent's switch ends in assertNever(event): an event type added to the contracts but
// not handled there must fail the type check. This compiles the real programme-view.ts against
// the real events.ts, and against events.ts with one more payload type, and looks where it fails.

const ROOT = resolve(__dirname, '../../../..');
const VIEW = join(ROOT, 'libs/domain/src/events/programme-view.ts');
const EVENTS = join(ROOT, 'libs/contracts/src/events.ts');
// The contracts define Temporal updates; the SDK's typings are large and irrelevant to events,
// so a stub of the three functions they use stands in for them (keeps this spec at ~1 s).
const TEMPORAL_STUB = join(ROOT, '__temporal_workflow_stub__.d.ts');
const TEMPORAL_STUB_TEXT = ['defineQuery', 'defineSignal', 'defineUpdate']
  .map((f) => `export declare function ${f}<R = unknown, A extends unknown[] = []>(name: string): unknown;`)
  .join('\n');

const options: ts.CompilerOptions = {
  noEmit: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  baseUrl: ROOT,
  paths: {
    '@fullfolj/contracts': ['libs/contracts/src'],
    '@fullfolj/domain/*': ['libs/domain/src/*'],
    '@temporalio/workflow': [TEMPORAL_STUB],
  },
};

let previous: ts.Program | undefined;

function diagnosticsOfView(changeEvents: (source: string) => string): { view: string; messages: Array<{ text: string; at: number }> } {
  const host = ts.createCompilerHost(options, true);
  const virtual = (file: string): string | undefined => {
    if (resolve(file) === TEMPORAL_STUB) return TEMPORAL_STUB_TEXT;
    if (resolve(file) === EVENTS) return changeEvents(ts.sys.readFile(file)!);
    return undefined;
  };
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual(file) !== undefined || fileExists.call(host, file);
  host.readFile = (file) => virtual(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual(file);
    return text === undefined ? getSourceFile.call(host, file, language, onError, create) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [VIEW], options, host, oldProgram: previous });
  previous = program;
  const source = program.getSourceFile(VIEW)!;
  const messages = ts.getPreEmitDiagnostics(program, source).map((d) => ({ text: ts.flattenDiagnosticMessageText(d.messageText, '\n'), at: d.start ?? -1 }));
  return { view: source.text, messages };
}

describe('applyEvent handles every event type', () => {
  it('compiles against the event union as it is', () => {
    expect(diagnosticsOfView((s) => s).messages).toEqual([]);
  });

  it('fails at assertNever when the union gains a type the switch does not handle', () => {
    const marker = 'export interface ProgrammeEventPayloads {';
    const { view, messages } = diagnosticsOfView((s) => {
      expect(s).toContain(marker);
      return s.replace(marker, `${marker}\n  programme_paused: { reason: string };`);
    });
    const call = view.indexOf('assertNever(event)');
    expect(call).toBeGreaterThan(0);
    expect(messages).toEqual([{ text: expect.stringMatching(/programme_paused[\s\S]*not assignable to parameter of type 'never'/), at: call + 'assertNever('.length }]);
  });
});
