import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './scim-user';

// What RFC 7643 §5–7 discovery reports about this server: Users only (rights come from the
// identity provider's group claims at sign-in, so Groups are not provisioned).

const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const list = (resources: unknown[]) => ({ schemas: [LIST_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources });

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${baseUrl}/api/docs`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'A SCIM token created by an administrator (POST /admin/scim-tokens)', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/scim/v2/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return list([
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/User` },
    },
  ]);
}

const attribute = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export function schemas(baseUrl: string) {
  return list([
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: USER_SCHEMA,
      name: 'User',
      description: 'A person in Fullfölj; userName is their e-mail address',
      attributes: [
        attribute('userName', { required: true, uniqueness: 'server' }),
        attribute('displayName'),
        attribute('externalId', { caseExact: true }),
        attribute('active', { type: 'boolean' }),
        attribute('preferredLanguage'),
        {
          ...attribute('name', { type: 'complex' }),
          subAttributes: [attribute('givenName'), attribute('familyName'), attribute('formatted')],
        },
        {
          ...attribute('emails', { type: 'complex', multiValued: true, mutability: 'readOnly' }),
          subAttributes: [attribute('value'), attribute('type'), attribute('primary', { type: 'boolean' })],
        },
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: ENTERPRISE_SCHEMA,
      name: 'EnterpriseUser',
      description: 'department is the person\'s organisation unit',
      attributes: [attribute('department')],
      meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${ENTERPRISE_SCHEMA}` },
    },
  ]);
}
