import { invalidValue, ScimError } from './scim-errors';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The attributes of a SCIM User this server keeps; everything else Entra sends is accepted and ignored. */
export interface ScimUserState {
  userName: string;
  /** The person's name as shown; rebuilt from the name parts when only they change. */
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  formatted: string | null;
  externalId: string | null;
  active: boolean;
  department: string | null;
  preferredLanguage: string | null;
}

const EMPTY: ScimUserState = {
  userName: '',
  displayName: null,
  givenName: null,
  familyName: null,
  formatted: null,
  externalId: null,
  active: true,
  department: null,
  preferredLanguage: null,
};

/** Which of the state's attributes a path names (lower-cased, schema prefix allowed). */
const PATHS: Record<string, keyof ScimUserState> = {
  username: 'userName',
  displayname: 'displayName',
  'name.givenname': 'givenName',
  'name.familyname': 'familyName',
  'name.formatted': 'formatted',
  externalid: 'externalId',
  active: 'active',
  preferredlanguage: 'preferredLanguage',
  [`${ENTERPRISE_SCHEMA}:department`.toLowerCase()]: 'department',
};

const NAME_PARTS = new Set<keyof ScimUserState>(['givenName', 'familyName', 'formatted']);

/** `"True"`, `"false"`, `true`: Entra sends booleans as strings in PATCH. */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw invalidValue(`${attribute} must be a boolean`);
}

function scimString(value: unknown, attribute: string, required = false): string | null {
  if (value === null || value === undefined || value === '') {
    if (required) throw invalidValue(`${attribute} is required`);
    return null;
  }
  if (typeof value !== 'string') throw invalidValue(`${attribute} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > 200) throw invalidValue(`${attribute} is longer than 200 characters`);
  if (required && trimmed === '') throw invalidValue(`${attribute} is required`);
  return trimmed === '' ? null : trimmed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets one attribute by its state key, checking the value's type. */
function assign(state: ScimUserState, key: keyof ScimUserState, value: unknown): void {
  if (key === 'active') state.active = scimBoolean(value, 'active');
  else if (key === 'userName') state.userName = scimString(value, 'userName', true)!;
  else state[key] = scimString(value, key);
}

/** The state a full User resource describes (POST and PUT). */
export function parseUserResource(body: unknown): ScimUserState {
  if (!isObject(body)) throw new ScimError(400, 'The body must be a SCIM User object', 'invalidSyntax');
  const state: ScimUserState = { ...EMPTY };
  assign(state, 'userName', body.userName);
  assign(state, 'displayName', body.displayName);
  assign(state, 'externalId', body.externalId);
  assign(state, 'preferredLanguage', body.preferredLanguage);
  if (body.active !== undefined) assign(state, 'active', body.active);
  if (body.name !== undefined && body.name !== null) {
    if (!isObject(body.name)) throw invalidValue('name must be an object');
    assign(state, 'givenName', body.name.givenName);
    assign(state, 'familyName', body.name.familyName);
    assign(state, 'formatted', body.name.formatted);
  }
  const enterprise = body[ENTERPRISE_SCHEMA];
  if (isObject(enterprise)) assign(state, 'department', enterprise.department);
  return state;
}

/** The name to show: displayName, else the formatted name, else the parts, else the user name. */
export function personName(state: ScimUserState): string {
  const parts = [state.givenName, state.familyName].filter((p): p is string => !!p).join(' ');
  return state.displayName ?? state.formatted ?? (parts || state.userName);
}

interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string | null;
  value: unknown;
}

function parseOperations(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw new ScimError(400, 'The body must be a PatchOp object', 'invalidSyntax');
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError(400, 'Operations must be a non-empty array', 'invalidSyntax');
  return operations.map((raw) => {
    if (!isObject(raw) || typeof raw.op !== 'string') throw new ScimError(400, 'Each operation needs an op', 'invalidSyntax');
    const op = raw.op.toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, `Unknown op ${raw.op}`, 'invalidSyntax');
    if (raw.path !== undefined && typeof raw.path !== 'string') throw new ScimError(400, 'path must be a string', 'invalidPath');
    const path = typeof raw.path === 'string' && raw.path.trim() !== '' ? raw.path.trim() : null;
    if (op === 'remove' && path === null) throw new ScimError(400, 'remove needs a path', 'noTarget');
    return { op, path, value: raw.value };
  });
}

/**
 * The state's key for a path; undefined for attributes this server does not keep. The work
 * e-mail (`emails[type eq "work"].value`) is accepted but not kept: userName is the address.
 */
export function attributeOf(path: string): keyof ScimUserState | undefined {
  const lower = path.toLowerCase();
  if (PATHS[lower]) return PATHS[lower];
  const unprefixed = lower.startsWith(`${USER_SCHEMA.toLowerCase()}:`) ? lower.slice(USER_SCHEMA.length + 1) : lower;
  if (PATHS[unprefixed]) return PATHS[unprefixed];
  if (/^[a-z0-9:._-]+(\[[^\]]*\])?(\.[a-z]+)?$/i.test(path)) return undefined;
  throw new ScimError(400, `Cannot parse path ${path}`, 'invalidPath');
}

/** Turns a path-less value object into (path, value) pairs, `name: {givenName}` as `name.givenName`. */
function flatten(value: unknown): Array<[string, unknown]> {
  if (!isObject(value)) throw invalidValue('An operation without a path needs an object value');
  return Object.entries(value).flatMap(([key, v]): Array<[string, unknown]> => {
    if (key.toLowerCase() === 'name' && isObject(v)) return Object.entries(v).map(([part, pv]) => [`name.${part}`, pv]);
    if (key === ENTERPRISE_SCHEMA && isObject(v)) return Object.entries(v).map(([attr, av]) => [`${ENTERPRISE_SCHEMA}:${attr}`, av]);
    return [[key, v]];
  });
}

/** Applies a PatchOp (RFC 7644 §3.5.2, with Entra's shapes) to a copy of `current`. */
export function applyPatch(current: ScimUserState, body: unknown): ScimUserState {
  const state = { ...current };
  let displayNameSet = false;
  let namePartSet = false;
  for (const operation of parseOperations(body)) {
    const pairs: Array<[string, unknown]> = operation.path === null ? flatten(operation.value) : [[operation.path, operation.value]];
    for (const [path, value] of pairs) {
      const key = attributeOf(path);
      if (key === undefined) continue;
      if (operation.op === 'remove') {
        if (key === 'userName' || key === 'active') throw new ScimError(400, `${key} cannot be removed`, 'mutability');
        state[key] = null;
      } else {
        assign(state, key, value);
      }
      if (key === 'displayName') displayNameSet = true;
      if (NAME_PARTS.has(key)) namePartSet = true;
    }
  }
  // Only a name part changed: the shown name follows the parts, not the old displayName.
  if (namePartSet && !displayNameSet) state.displayName = null;
  return state;
}

export interface ScimFilter {
  attribute: 'userName' | 'externalId';
  value: string;
}

/** `userName eq "x"` or `externalId eq "x"` (what Entra sends); anything else is invalidFilter. */
export function parseFilter(filter: string | undefined): ScimFilter | null {
  if (filter === undefined || filter.trim() === '') return null;
  const match = /^\s*(?:urn:ietf:params:scim:schemas:core:2\.0:User:)?(userName|externalId)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(filter);
  if (!match) throw new ScimError(400, 'Only filters of the form userName eq "…" or externalId eq "…" are supported', 'invalidFilter');
  let value: unknown;
  try {
    value = JSON.parse(match[2]);
  } catch {
    throw new ScimError(400, 'The filter value is not a valid string', 'invalidFilter');
  }
  return { attribute: match[1].toLowerCase() === 'username' ? 'userName' : 'externalId', value: value as string };
}

/** startIndex (1-based, default 1) and count (0..200, default 100) from the query string. */
export function parsePaging(startIndex: string | undefined, count: string | undefined): { startIndex: number; count: number } {
  const int = (raw: string | undefined, fallback: number) => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d{1,9}$/.test(raw)) throw invalidValue('startIndex and count must be integers');
    return Number(raw);
  };
  return { startIndex: Math.max(int(startIndex, 1), 1), count: Math.min(Math.max(int(count, 100), 0), 200) };
}
