import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseProgrammeTemplate } from './template.schema';

// Retention (gallring) after completion: a template may set its months; none means the default.
describe('template retention', () => {
  const shipped = parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'templates', 'skr-fullfoljd-utbildning.v1.yaml'), 'utf8')) as Record<string, unknown>;

  it('is optional, and kept when given', () => {
    const plain = parseProgrammeTemplate(shipped);
    expect(plain.ok && plain.template.retention).toBeUndefined();
    const set = parseProgrammeTemplate({ ...shipped, retention: { afterCompletionMonths: 36 } });
    expect(set.ok && set.template.retention).toEqual({ afterCompletionMonths: 36 });
  });

  it.each([
    [{ afterCompletionMonths: 0 }, 'must be at least 1'],
    [{ afterCompletionMonths: 1201 }, 'must be at most 1200'],
    [{ afterCompletionMonths: 2.5 }, 'must be a whole number, got 2.5'],
  ])('refuses %j', (retention, message) => {
    const result = parseProgrammeTemplate({ ...shipped, retention });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ message: expect.stringContaining(message) })]);
  });

  it('refuses unknown retention fields', () => {
    const result = parseProgrammeTemplate({ ...shipped, retention: { afterCompletionMonths: 24, afterStartMonths: 1 } });
    expect(result.ok).toBe(false);
  });
});
