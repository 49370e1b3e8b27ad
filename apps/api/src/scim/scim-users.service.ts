import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import type { Language } from '@fullfolj/contracts';
import { isUniqueViolation, PERSON_EMAIL_UNIQUE, PeopleRepository, ScimPersonFields, ScimPersonRow, ScimRepository } from '@fullfolj/database';
import { PersonLifecycleService } from '../people/person-lifecycle.service';
import { invalidValue, ScimError } from './scim-errors';
import { applyPatch, ENTERPRISE_SCHEMA, parseUserResource, personName, ScimFilter, ScimUserState, USER_SCHEMA } from './scim-user';

const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * SCIM Users over people: userName is the person's e-mail (lower-cased), displayName or the
 * name parts their name, active their lifecycle (through PersonLifecycleService, so a SCIM
 * deactivation ends sessions and tokens and tells owners, as an administrator's does).
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly people: PeopleRepository,
    private readonly lifecycle: PersonLifecycleService,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async list(filter: ScimFilter | null, startIndex: number, count: number) {
    const { total, rows } = await this.scim.list(filter, startIndex, count);
    return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((r) => this.resource(r)) };
  }

  async get(id: string) {
    return this.resource(await this.existing(id));
  }

  async create(body: unknown) {
    const state = parseUserResource(body);
    const fields = toFields(state, 'sv');
    await this.checkUnique(fields, null);
    const id = await this.saveOrConflict(null, fields);
    if (!state.active) await this.lifecycle.deactivate(id, null, 'scim');
    return this.get(id);
  }

  async replace(id: string, body: unknown) {
    const current = await this.existing(id);
    return this.apply(current, parseUserResource(body));
  }

  async patch(id: string, body: unknown) {
    const current = await this.existing(id);
    return this.apply(current, applyPatch(toState(current), body));
  }

  /** DELETE deactivates and keeps the person: their items and the programmes' history still name them. */
  async remove(id: string): Promise<void> {
    await this.existing(id);
    await this.lifecycle.deactivate(id, null, 'scim');
  }

  private async apply(current: ScimPersonRow, state: ScimUserState) {
    const fields = toFields(state, current.language);
    if (changed(current, fields)) {
      await this.checkUnique(fields, current.id);
      await this.saveOrConflict(current.id, fields);
    }
    if (current.active && !state.active) await this.lifecycle.deactivate(current.id, null, 'scim');
    if (!current.active && state.active) await this.lifecycle.reactivate(current.id, null, 'scim');
    return this.get(current.id);
  }

  private async existing(id: string): Promise<ScimPersonRow> {
    const row = UUID.test(id) ? await this.scim.find(id) : null;
    if (!row) throw new ScimError(404, `No User with id ${id}`);
    return row;
  }

  private async checkUnique(fields: ScimPersonFields, personId: string | null): Promise<void> {
    const holder = await this.people.findByEmail(fields.email);
    if (holder && holder.id !== personId) throw new ScimError(409, 'userName is already in use', 'uniqueness');
    if (fields.externalId !== null && (await this.scim.externalIdTaken(fields.externalId, personId))) {
      throw new ScimError(409, 'externalId is already in use', 'uniqueness');
    }
  }

  private async saveOrConflict(id: string | null, fields: ScimPersonFields): Promise<string> {
    try {
      return await this.scim.save(id, fields);
    } catch (error) {
      // Two concurrent creates of the same address: the unique index decides.
      if (isUniqueViolation(error, PERSON_EMAIL_UNIQUE) || isUniqueViolation(error, 'scim_user_external_id_uq')) {
        throw new ScimError(409, 'userName or externalId is already in use', 'uniqueness');
      }
      throw error;
    }
  }

  private resource(row: ScimPersonRow) {
    const location = `${this.config.api.baseUrl.replace(/\/$/, '')}/scim/v2/Users/${row.id}`;
    return {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      id: row.id,
      ...(row.externalId === null ? {} : { externalId: row.externalId }),
      userName: row.email,
      displayName: row.name,
      name: { formatted: row.name, ...(row.givenName ? { givenName: row.givenName } : {}), ...(row.familyName ? { familyName: row.familyName } : {}) },
      emails: [{ value: row.email, type: 'work', primary: true }],
      preferredLanguage: row.language,
      active: row.active,
      [ENTERPRISE_SCHEMA]: row.organisationUnit === null ? {} : { department: row.organisationUnit },
      meta: { resourceType: 'User', created: new Date(row.createdAt).toISOString(), lastModified: new Date(row.updatedAt).toISOString(), location },
    };
  }
}

function toState(row: ScimPersonRow): ScimUserState {
  return {
    userName: row.email,
    displayName: row.name,
    givenName: row.givenName,
    familyName: row.familyName,
    formatted: null,
    externalId: row.externalId,
    active: row.active,
    department: row.organisationUnit,
    preferredLanguage: row.language,
  };
}

function toFields(state: ScimUserState, currentLanguage: Language): ScimPersonFields {
  const email = state.userName.toLowerCase();
  if (!EMAIL.test(email)) throw invalidValue('userName must be an e-mail address');
  const preferred = state.preferredLanguage?.toLowerCase() ?? '';
  const language: Language = preferred.startsWith('en') ? 'en' : preferred.startsWith('sv') ? 'sv' : currentLanguage;
  return {
    name: personName(state),
    email,
    organisationUnit: state.department,
    language,
    externalId: state.externalId,
    givenName: state.givenName,
    familyName: state.familyName,
  };
}

function changed(row: ScimPersonRow, fields: ScimPersonFields): boolean {
  return (
    row.name !== fields.name ||
    row.email !== fields.email ||
    row.organisationUnit !== fields.organisationUnit ||
    row.language !== fields.language ||
    row.externalId !== fields.externalId ||
    row.givenName !== fields.givenName ||
    row.familyName !== fields.familyName
  );
}
