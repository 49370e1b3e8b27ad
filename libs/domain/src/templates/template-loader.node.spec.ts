import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { planProgramme } from '../planning/plan-programme';
import { loadTemplateFile, loadTemplates, parseTemplateYaml, TemplateLoadError } from './template-loader.node';

const TEMPLATES_DIR = join(__dirname, '../../../../templates');
const SKR_FILE = 'skr-fullfoljd-utbildning.v1.yaml';

/** 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('template loader', () => {
  describe('the shipped templates', () => {
    it('load and validate', async () => {
      const templates = await loadTemplates(TEMPLATES_DIR);
      expect(templates.map((t) => `${t.id}@${t.version}`)).toEqual([
        'natverksar@1',
        'skr-fullfoljd-utbildning@1',
        'verksamhetsplan-arscykel@1',
      ]);
      for (const t of templates) {
        expect(t.name.sv).not.toBe(t.name.en);
      }
    });

    it.each([
      ['skr-fullfoljd-utbildning', '2027-01-04'],
      ['verksamhetsplan-arscykel', '2027-01-04'],
      ['natverksar', '2027-01-11'],
      // Defaults must also hold up in other years, where weekdays and holidays fall differently.
      ['skr-fullfoljd-utbildning', '2027-08-16'],
      ['verksamhetsplan-arscykel', '2028-01-03'],
      ['natverksar', '2028-01-10'],
    ])('%s plans from its defaults when started %s', async (id, programmeStart) => {
      const template = await loadTemplateFile(join(TEMPLATES_DIR, `${id}.v1.yaml`));
      const result = planProgramme(template, { programmeStart });
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      expect(result.plan.warnings).toEqual([]);
      expect(result.plan.deadlines.length).toBeGreaterThan(5);
      const min = template.durationMonths.min;
      expect(result.plan.duration.months).toBeGreaterThanOrEqual(min);
    });
  });

  describe('error reports name file, line and field path', () => {
    let skrYaml: string;
    beforeAll(async () => {
      skrYaml = await readFile(join(TEMPLATES_DIR, SKR_FILE), 'utf8');
    });

    it('for an unknown role', () => {
      const broken = skrYaml.replace('participants: [development_team, head_teachers', 'participants: [development_team, rektorer');
      const result = parseTemplateYaml(broken, SKR_FILE);
      expect(result).toEqual({
        ok: false,
        issues: [
          {
            file: SKR_FILE,
            path: 'phases[1].meetings[1].participants[1]',
            message: expect.stringMatching(/^unknown role 'rektorer'; declared roles: programme_owner, /),
            line: lineOf(broken, 'rektorer'),
            column: expect.any(Number),
          },
        ],
      });
    });

    it('for a missing field, at its parent', () => {
      const broken = skrYaml.replace(/\n {8}minutesDueWorkingDays: 5\n/, '\n');
      const result = parseTemplateYaml(broken, SKR_FILE);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues).toEqual([
        expect.objectContaining({ path: 'phases[1].meetings[1].minutesDueWorkingDays', message: 'is required', line: lineOf(broken, 'key: teamMeeting\n') }),
      ]);
    });

    it('for YAML syntax errors and duplicate keys', () => {
      const result = parseTemplateYaml('id: a\nversion: 1\nid: b\nroles: [\n', 'x.v1.yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues[0]).toMatchObject({ file: 'x.v1.yaml', path: '', line: 3, message: expect.stringMatching(/^YAML: Map keys must be unique/) });
    });

    it('for a file name that does not match id and version', () => {
      const result = parseTemplateYaml(skrYaml, 'skr.yaml');
      expect(result).toEqual({
        ok: false,
        issues: [{ file: 'skr.yaml', path: 'id', message: 'file must be named skr-fullfoljd-utbildning.v1.yaml to match id and version', line: lineOf(skrYaml, 'id: skr'), column: 5 }],
      });
    });
  });

  describe('loadTemplates', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fullfolj-templates-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('collects the problems of every file into one error', async () => {
      const skrYaml = await readFile(join(TEMPLATES_DIR, SKR_FILE), 'utf8');
      await writeFile(join(dir, SKR_FILE), skrYaml.replace('rule: majority', 'rule: unanimous'));
      await writeFile(join(dir, 'natverksar.v1.yaml'), 'id: natverksar\nversion: 1\n');
      await writeFile(join(dir, 'notes.txt'), 'not a template');

      const error = await loadTemplates(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateLoadError);
      const { issues, message } = error as TemplateLoadError;
      expect(issues.map((i) => `${i.file} ${i.path}`)).toEqual(
        expect.arrayContaining(['natverksar.v1.yaml name', 'natverksar.v1.yaml phases', `${SKR_FILE} phases[0].gate.rule`]),
      );
      expect(message).toContain(`${SKR_FILE}:${lineOf(skrYaml, 'rule: majority')}:`);
      expect(message).toMatch(/phases\[0\]\.gate\.rule: expected one of "all"\|"majority"\|"quorum"\|"chair"/);
    });

    it('rejects the same id and version twice', async () => {
      const yaml = await readFile(join(TEMPLATES_DIR, 'natverksar.v1.yaml'), 'utf8');
      await writeFile(join(dir, 'natverksar.v1.yaml'), yaml);
      await writeFile(join(dir, 'natverksar.v1.yml'), yaml);
      await expect(loadTemplates(dir)).rejects.toThrow('natverksar.v1.yml id: template natverksar@1 is already defined in natverksar.v1.yaml');
    });

    it('reads an empty directory as no templates', async () => {
      await expect(loadTemplates(dir)).resolves.toEqual([]);
    });
  });
});
