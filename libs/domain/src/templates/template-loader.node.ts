// Node-only: reads template files. Not exported from index.ts, so workflow bundles never see fs.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { isNode, LineCounter, parseDocument } from 'yaml';

import { type DomainIssue, parsePath } from '../issues';
import { parseProgrammeTemplate, type ProgrammeTemplate } from './template.schema';

/** A template problem located in a file: `file:line:column path: message`. */
export interface TemplateFileIssue extends DomainIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export class TemplateLoadError extends Error {
  constructor(readonly issues: readonly TemplateFileIssue[]) {
    super(`Invalid programme template${issues.length === 1 ? '' : 's'}:\n${issues.map(formatTemplateFileIssue).join('\n')}`);
    this.name = 'TemplateLoadError';
  }
}

export function formatTemplateFileIssue(issue: TemplateFileIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where} ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`;
}

const TEMPLATE_FILE = /\.ya?ml$/;

export type TemplateYamlResult =
  | { readonly ok: true; readonly template: ProgrammeTemplate }
  | { readonly ok: false; readonly issues: readonly TemplateFileIssue[] };

/**
 * Parses and validates one template's YAML text. `fileName` is used in issues and must be
 * '<id>.v<version>.yaml', so a copied file cannot silently shadow another version.
 */
export function parseTemplateYaml(source: string, fileName: string): TemplateYamlResult {
  const file = basename(fileName);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });

  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { file, path: '', message: `YAML: ${error.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    };
  }

  // Locates a field path in the YAML, falling back to the closest existing parent.
  const locate = (path: string): { line?: number; column?: number } => {
    const segments = parsePath(path);
    for (let length = segments.length; length >= 0; length -= 1) {
      const node: unknown = length === 0 ? doc.contents : doc.getIn(segments.slice(0, length), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };

  const result = parseProgrammeTemplate(doc.toJS());
  if (!result.ok) {
    return { ok: false, issues: result.issues.map((issue) => ({ file, ...issue, ...locate(issue.path) })) };
  }

  const { template } = result;
  const expected = `${template.id}.v${template.version}`;
  if (file.replace(TEMPLATE_FILE, '') !== expected) {
    return {
      ok: false,
      issues: [{ file, path: 'id', message: `file must be named ${expected}.yaml to match id and version`, ...locate('id') }],
    };
  }
  return { ok: true, template };
}

/** Reads and validates one template file; throws TemplateLoadError listing every problem. */
export async function loadTemplateFile(filePath: string): Promise<ProgrammeTemplate> {
  const result = parseTemplateYaml(await readFile(filePath, 'utf8'), filePath);
  if (!result.ok) throw new TemplateLoadError(result.issues);
  return result.template;
}

/**
 * Reads every *.yaml / *.yml in `dir` (not recursively), sorted by id then version. Problems
 * in all files are collected into one TemplateLoadError, including duplicate id + version.
 */
export async function loadTemplates(dir: string): Promise<ProgrammeTemplate[]> {
  const files = (await readdir(dir)).filter((name) => TEMPLATE_FILE.test(name)).sort();
  const issues: TemplateFileIssue[] = [];
  const templates: ProgrammeTemplate[] = [];
  const seen = new Map<string, string>();

  for (const name of files) {
    const result = parseTemplateYaml(await readFile(join(dir, name), 'utf8'), name);
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const id = `${result.template.id}@${result.template.version}`;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ file: name, path: 'id', message: `template ${id} is already defined in ${first}` });
      continue;
    }
    seen.set(id, name);
    templates.push(result.template);
  }

  if (issues.length > 0) throw new TemplateLoadError(issues);
  return templates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
}
