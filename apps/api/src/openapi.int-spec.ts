import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_STATUSES } from '@fullfolj/domain';
import { ApiStack, startApiStack } from '@fullfolj/testing';

// A minimal view of the parts of an OpenAPI 3 document this test reads.
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minItems?: number;
  minLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
}
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface FieldError {
  field: string;
  message: string;
}

const METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Request bodies whose schema is deliberately open (no documented properties): there is no
 * "undocumented field" to send. Listed by name so a new open body cannot slip in unnoticed.
 */
const OPEN_BODIES: Record<string, string> = {
  // A programme template, checked against the template schema (templates/README.md), not a DTO.
  'POST /templates': 'a template document',
};

// The real API (int tier: PostgreSQL, Temporal, SMTP) and its own OpenAPI document: every JSON
// body the docs describe is accepted as described, and a field they do not describe is refused.
const WRONG_SECRET = new Set(['wrong_password', 'reset_link_invalid']);

describe('the OpenAPI document', () => {
  let stack: ApiStack;
  let document: OpenApiDocument;
  const warnings: string[] = [];

  beforeAll(async () => {
    // Swagger reports conflicting DTO names through Nest's static Logger while the document is built.
    const record = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    const spies = [jest.spyOn(Logger, 'warn').mockImplementation(record), jest.spyOn(console, 'warn').mockImplementation(record)];
    try {
      stack = await startApiStack();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    document = (await stack.agents.owner.get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('is built without Swagger finding two DTOs of the same name', () => {
    expect(warnings.filter((w) => w.includes('Duplicate DTO'))).toEqual([]);
  });

  it('documents the body the programme deadline endpoint accepts', () => {
    const body = jsonBody(document.paths['/programmes/{id}/assignments/{assignmentId}/deadline']?.post);
    expect(body && Object.keys(resolve(document, body).properties ?? {}).sort()).toEqual(['dueDate', 'reason']);
  });

  it("serves the domain's status labels, documented, to anyone (the public link page shows a status)", async () => {
    const res = await request(stack.app.getHttpServer()).get('/vocabulary').expect(200);
    expect(res.body).toEqual({ statuses: FOLLOW_UP_STATUSES.map((key) => ({ key, ...FOLLOW_UP_STATUS_LABELS[key] })) });
    expect(document.paths['/vocabulary']?.get).toBeDefined();
  });

  it('accepts every documented JSON body and refuses an undocumented field in it', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m] && jsonBody(item[m])).map((method) => ({ path, method, operation: item[method] })),
    );
    // The walk must find the API's bodies; an empty document would pass everything below.
    expect(operations.length).toBeGreaterThan(15);
    const personId = stack.people.owner.id;
    const checked: string[] = [];
    const problems: string[] = [];

    for (const { path, method, operation } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      const schema = resolve(document, jsonBody(operation)!);
      if (!schema.properties || Object.keys(schema.properties).length === 0) {
        if (!(name in OPEN_BODIES)) problems.push(`${name}: documents no body properties`);
        continue;
      }
      const url = urlOf(path, operation);
      const body = minimalValue(document, schema, { personId }) as Record<string, unknown>;

      const accepted = await send(stack, method, url, body);
      // A 400 about a path parameter (a link token that is not one) is like a 404; any other 400
      // means the docs promised a body the API refuses.
      const pathParameters = new Set((operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
      // A well-formed secret that is just not the right one (current password, reset token) is refused by value, not by shape.
      const aboutThePath = (e: FieldError) => pathParameters.has(e.field) || WRONG_SECRET.has((e as { code?: string }).code ?? '');
      const errors = fieldErrorsOf(accepted.body);
      if (accepted.status === 400 && (errors.length === 0 || !errors.every(aboutThePath))) {
        problems.push(`${name}: the documented body ${JSON.stringify(body)} got 400 ${JSON.stringify(accepted.body)}`);
      } else if (accepted.status >= 500) {
        problems.push(`${name}: the documented body got ${accepted.status}`);
      }

      const extra = await send(stack, method, url, { ...body, unexpectedField: 1 });
      const named = fieldErrorsOf(extra.body).filter((e) => e.field === 'unexpectedField');
      if (extra.status !== 400 || named.length === 0) {
        problems.push(`${name}: an undocumented field got ${extra.status} ${JSON.stringify(extra.body)}`);
      }
      checked.push(name);
    }

    expect(problems).toEqual([]);
    expect(checked).toEqual(expect.arrayContaining(['POST /programmes/{id}/assignments/{assignmentId}/deadline', 'POST /follow-up/plans/{id}/activities/{activityId}/deadline']));
  });
});

function jsonBody(operation: Operation | undefined): Schema | undefined {
  return operation?.requestBody?.content?.['application/json']?.schema;
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(document, target);
}

/**
 * The smallest value the schema documents: required properties only, from its examples, enums
 * and formats. Every required person reference is the signed-in owner, so a body is not refused
 * for naming someone who does not exist.
 */
function minimalValue(document: OpenApiDocument, raw: Schema, context: { personId: string }): unknown {
  const schema = resolve(document, raw);
  const composed = schema.allOf?.[0] ?? schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (composed) return minimalValue(document, composed, context);
  if (schema.format === 'uuid') return context.personId;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) out[key] = minimalValue(document, schema.properties?.[key] ?? {}, context);
    return out;
  }
  if (schema.type === 'array') {
    return Array.from({ length: schema.minItems ?? 0 }, () => minimalValue(document, schema.items ?? {}, context));
  }
  if (schema.type === 'boolean') return false;
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.format === 'date') return '2027-05-31';
  if (schema.format === 'email') return `someone.${randomUUID().slice(0, 8)}@kommun.example`;
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

/** Path parameters: a fresh UUID (a programme, plan or assignment that does not exist), a number where one is documented. */
function urlOf(path: string, operation: Operation): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    const type = parameter?.schema?.type;
    return type === 'number' || type === 'integer' ? '1' : randomUUID();
  });
}

async function send(stack: ApiStack, method: (typeof METHODS)[number], url: string, body: object) {
  const res = await stack.agents.owner[method](url).set('content-type', 'application/json').send(body);
  return { status: res.status, body: res.body as unknown };
}

function fieldErrorsOf(body: unknown): FieldError[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as FieldError[]) : [];
}
