import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Language, PersonRight } from '@fullfolj/contracts';
import { LocalCredential } from './entities/local-credential.entity';
import { Person } from './entities/person.entity';
import { recordSecurityAudit } from './security-audit.repository';

/** A person to store; omitted fields take the table's defaults as the API documents them. */
export interface NewPersonRow {
  name: string;
  email: string;
  organisationUnit?: string | null;
  language?: Language;
  canOwnProgrammes?: boolean;
  isAdmin?: boolean;
}

export type PersonChangesRow = Partial<Pick<Person, 'name' | 'language' | 'organisationUnit' | 'reminderDigest'>>;

/** Taking this right away would leave no active administrator. */
export class LastAdministratorError extends Error {
  constructor() {
    super('The last active administrator must keep the administrator right');
    this.name = 'LastAdministratorError';
  }
}

/**
 * Locks the rows of every active administrator (in id order) until the transaction ends and
 * returns their ids. Any act that could remove the last administrator (revoking the right,
 * deactivating) takes this lock first, so two such acts run one after the other.
 */
export async function lockActiveAdministrators(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<Array<{ id: string }>>(`SELECT id FROM person WHERE is_admin AND active ORDER BY id FOR UPDATE`);
  return rows.map((r) => r.id);
}

/** The unique index that keeps e-mail addresses unique regardless of case. */
export const PERSON_EMAIL_UNIQUE = 'person_email_uq';

/** People (`person`) and their local passwords (`local_credential`). */
@Injectable()
export class PeopleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the person and, when given, their password hash together, or neither.
   * A taken e-mail fails with the driver's unique violation on PERSON_EMAIL_UNIQUE (see isUniqueViolation).
   */
  create(person: NewPersonRow, passwordHash?: string): Promise<Person> {
    return this.dataSource.transaction((manager) => insertPerson(manager, person, passwordHash));
  }

  /** Everyone, by name then e-mail. */
  list(): Promise<Person[]> {
    return this.dataSource.getRepository(Person).find({ order: { name: 'ASC', email: 'ASC' } });
  }

  findById(id: string): Promise<Person | null> {
    return this.dataSource.getRepository(Person).findOneBy({ id });
  }

  /** The person with this e-mail in any case. */
  findByEmail(email: string): Promise<Person | null> {
    return this.dataSource.getRepository(Person).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email }).getOne();
  }

  /** The stored local password hash of the person; null when they have none. */
  async passwordHashOf(personId: string): Promise<string | null> {
    const credential = await this.dataSource.getRepository(LocalCredential).findOneBy({ personId });
    return credential?.passwordHash ?? null;
  }

  async update(id: string, changes: PersonChangesRow): Promise<void> {
    if (Object.keys(changes).length > 0) await this.dataSource.getRepository(Person).update({ id }, changes);
  }

  /**
   * Sets the person's rights and audits each one that changed, in one transaction.
   * `actorPersonId` is null when an identity provider's groups decided. Returns the person
   * as stored afterwards, or null when there is no such person. An administrator (via
   * 'admin') cannot take away the last active administrator's right: LastAdministratorError.
   * (An identity provider's groups are authoritative and are not stopped.)
   */
  setRights(
    personId: string,
    rights: Partial<Record<PersonRight, boolean>>,
    actorPersonId: string | null,
    via: 'admin' | 'oidc' | 'saml' | 'scim',
  ): Promise<Person | null> {
    return this.dataSource.transaction(async (manager) => {
      // Administrators' rows first, in id order, then the person: the same lock order as
      // every other taker of this lock, so two revocations cannot both see "another admin is left".
      const admins = via === 'admin' && rights.isAdmin === false ? await lockActiveAdministrators(manager) : null;
      const repository = manager.getRepository(Person);
      const person = await repository.findOne({ where: { id: personId }, lock: { mode: 'pessimistic_write' } });
      if (!person) return null;
      const changed = (Object.keys(rights) as PersonRight[]).filter((r) => rights[r] !== undefined && person[r] !== rights[r]);
      if (changed.length === 0) return person;
      if (admins && changed.includes('isAdmin') && admins.length === 1 && admins[0] === personId) throw new LastAdministratorError();
      for (const right of changed) person[right] = rights[right]!;
      await repository.update({ id: personId }, Object.fromEntries(changed.map((r) => [r, rights[r]])));
      await recordSecurityAudit(
        manager,
        changed.map((right) => ({ action: rights[right] ? 'right_granted' : 'right_revoked', actorPersonId, subjectPersonId: personId, detail: { right, via } })),
      );
      return person;
    });
  }

  /** Which of these ids are people (ids as PostgreSQL prints them: lower case). */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM person WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return new Set(rows.map((r) => r.id));
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM person WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Whether there is any person at all. */
  any(): Promise<boolean> {
    return this.dataSource.getRepository(Person).exists();
  }

  /**
   * Stores these people (with their password hashes) in one transaction when the table is
   * empty; returns how many it stored (0 when someone was already there).
   */
  insertAllIfEmpty(people: ReadonlyArray<{ person: NewPersonRow; passwordHash: string }>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // Two API processes starting together: the second waits, then finds the people.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('fullfolj:demo-people'))`);
      if (await manager.getRepository(Person).exists()) return 0;
      for (const { person, passwordHash } of people) await insertPerson(manager, person, passwordHash);
      return people.length;
    });
  }
}

async function insertPerson(manager: EntityManager, input: NewPersonRow, passwordHash: string | undefined): Promise<Person> {
  const person = await manager.save(
    manager.create(Person, {
      name: input.name,
      email: input.email,
      organisationUnit: input.organisationUnit ?? null,
      language: input.language ?? 'sv',
      canOwnProgrammes: input.canOwnProgrammes ?? false,
      isAdmin: input.isAdmin ?? false,
    }),
  );
  if (passwordHash !== undefined) await manager.insert(LocalCredential, { personId: person.id, passwordHash });
  return person;
}
