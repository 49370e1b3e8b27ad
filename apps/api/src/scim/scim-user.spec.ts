import { ScimError } from './scim-errors';
import { applyPatch, ENTERPRISE_SCHEMA, parseFilter, parsePaging, parseUserResource, personName, ScimUserState } from './scim-user';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH], Operations });
const current: ScimUserState = {
  userName: 'lars.berg@kommun.example',
  displayName: 'Lars Berg',
  givenName: 'Lars',
  familyName: 'Berg',
  formatted: null,
  externalId: 'e-1',
  active: true,
  department: null,
  preferredLanguage: 'sv',
};

const scimTypeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return 'no error';
};

describe('SCIM filters', () => {
  it('reads the userName and externalId equality filters Entra ID sends, attribute and operator in any case', () => {
    expect(parseFilter('userName eq "Lars.Berg@kommun.example"')).toEqual({ attribute: 'userName', value: 'Lars.Berg@kommun.example' });
    expect(parseFilter('externalId EQ "a\\"b"')).toEqual({ attribute: 'externalId', value: 'a"b' });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:username eq "x@y.se"')).toEqual({ attribute: 'userName', value: 'x@y.se' });
    expect(parseFilter(undefined)).toBeNull();
    expect(parseFilter('  ')).toBeNull();
  });

  it('refuses other filters with invalidFilter', () => {
    expect(scimTypeOf(() => parseFilter('displayName co "Lars"'))).toBe('400 invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName eq "a" or userName eq "b"'))).toBe('400 invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName eq Lars'))).toBe('400 invalidFilter');
  });

  it('pages from a 1-based startIndex and caps count', () => {
    expect(parsePaging(undefined, undefined)).toEqual({ startIndex: 1, count: 100 });
    expect(parsePaging('0', '1000')).toEqual({ startIndex: 1, count: 200 });
    expect(parsePaging('11', '10')).toEqual({ startIndex: 11, count: 10 });
    expect(scimTypeOf(() => parsePaging('x', '1'))).toBe('400 invalidValue');
  });
});

describe('SCIM PATCH as Entra ID sends it', () => {
  it('takes active as the string "False" with a capitalised op', () => {
    expect(applyPatch(current, patch({ op: 'Replace', path: 'active', value: 'False' })).active).toBe(false);
    expect(applyPatch({ ...current, active: false }, patch({ op: 'replace', path: 'active', value: 'True' })).active).toBe(true);
  });

  it('takes a value object without a path', () => {
    expect(applyPatch(current, patch({ op: 'replace', value: { active: false } })).active).toBe(false);
    const next = applyPatch(current, patch({ op: 'Add', value: { displayName: 'Lars B', 'name.familyName': 'B', name: { givenName: 'L' } } }));
    expect(next).toMatchObject({ displayName: 'Lars B', givenName: 'L', familyName: 'B' });
  });

  it('rebuilds the shown name from the parts when only a part changes', () => {
    const next = applyPatch(current, patch({ op: 'Replace', path: 'name.givenName', value: 'Lasse' }));
    expect(personName(next)).toBe('Lasse Berg');
    const both = applyPatch(current, patch({ op: 'Replace', path: 'name.givenName', value: 'Lasse' }, { op: 'Replace', path: 'displayName', value: 'L. Berg' }));
    expect(personName(both)).toBe('L. Berg');
  });

  it('sets externalId, userName and the enterprise department; accepts the work e-mail and unknown attributes without keeping them', () => {
    const next = applyPatch(
      current,
      patch(
        { op: 'Replace', path: 'externalId', value: 'e-2' },
        { op: 'Replace', path: 'userName', value: 'lars.b@kommun.example' },
        { op: 'Add', path: `${ENTERPRISE_SCHEMA}:department`, value: 'Björkskolan' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'lars.b@kommun.example' },
        { op: 'Add', path: 'title', value: 'Rektor' },
      ),
    );
    expect(next).toEqual({ ...current, externalId: 'e-2', userName: 'lars.b@kommun.example', department: 'Björkskolan' });
  });

  it('removes optional attributes but not userName or active', () => {
    expect(applyPatch(current, patch({ op: 'Remove', path: 'externalId' })).externalId).toBeNull();
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'remove', path: 'userName' })))).toBe('400 mutability');
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'remove' })))).toBe('400 noTarget');
  });

  it('refuses bad input with 400 and a scimType, never anything else', () => {
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'Replace', path: 'active', value: 'maybe' })))).toBe('400 invalidValue');
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'move', path: 'active', value: true })))).toBe('400 invalidSyntax');
    expect(scimTypeOf(() => applyPatch(current, { Operations: [] }))).toBe('400 invalidSyntax');
    expect(scimTypeOf(() => applyPatch(current, 'x'))).toBe('400 invalidSyntax');
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'Replace', path: 'displayName', value: { a: 1 } })))).toBe('400 invalidValue');
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'Replace', path: 'a b ] c', value: 'x' })))).toBe('400 invalidPath');
    expect(scimTypeOf(() => applyPatch(current, patch({ op: 'Replace', value: 'False' })))).toBe('400 invalidValue');
  });
});

describe('SCIM User resources', () => {
  it('reads what Entra ID posts to create a user', () => {
    const state = parseUserResource({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_SCHEMA],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7b2bf6c2ba0d',
      userName: 'Maria.Lind@kommun.example',
      active: true,
      displayName: 'Maria Lind',
      emails: [{ primary: true, type: 'work', value: 'Maria.Lind@kommun.example' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Maria Lind', familyName: 'Lind', givenName: 'Maria' },
      roles: [],
      [ENTERPRISE_SCHEMA]: { department: 'Utbildningsförvaltningen' },
    });
    expect(state).toEqual({
      userName: 'Maria.Lind@kommun.example',
      displayName: 'Maria Lind',
      givenName: 'Maria',
      familyName: 'Lind',
      formatted: 'Maria Lind',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7b2bf6c2ba0d',
      active: true,
      department: 'Utbildningsförvaltningen',
      preferredLanguage: null,
    });
  });

  it('needs a userName and well-typed attributes', () => {
    expect(scimTypeOf(() => parseUserResource({ displayName: 'X' }))).toBe('400 invalidValue');
    expect(scimTypeOf(() => parseUserResource({ userName: 42 }))).toBe('400 invalidValue');
    expect(scimTypeOf(() => parseUserResource({ userName: 'a@b.se', active: 'nej' }))).toBe('400 invalidValue');
    expect(scimTypeOf(() => parseUserResource([]))).toBe('400 invalidSyntax');
    expect(personName(parseUserResource({ userName: 'a@b.se' }))).toBe('a@b.se');
  });
});
