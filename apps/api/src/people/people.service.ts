import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Language } from '@fullfolj/contracts';
import { LocalCredential, Person } from '@fullfolj/database';
import { FieldConflictException } from '../common/api-error';
import { hashPassword } from '../auth/passwords';

export interface NewPerson {
  name: string;
  email: string;
  organisationUnit?: string | null;
  language?: Language;
  canOwnProgrammes?: boolean;
  /** Initial password for local sign-in (already validated for length). */
  password?: string;
}

export interface PersonChanges {
  name?: string;
  language?: Language;
  organisationUnit?: string | null;
  reminderDigest?: boolean;
}

@Injectable()
export class PeopleService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the person and their password together, or neither; 409 naming `email` when it is taken. */
  async create(input: NewPerson): Promise<Person> {
    // Hashing takes a while; do it before the transaction opens.
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const person = await manager.save(
          manager.create(Person, {
            name: input.name,
            email: input.email,
            organisationUnit: input.organisationUnit ?? null,
            language: input.language ?? 'sv',
            canOwnProgrammes: input.canOwnProgrammes ?? false,
          }),
        );
        if (passwordHash !== undefined) await manager.insert(LocalCredential, { personId: person.id, passwordHash });
        return person;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'person_email_uq')) throw new FieldConflictException('email', 'is already in use');
      throw error;
    }
  }

  list(): Promise<Person[]> {
    return this.dataSource.getRepository(Person).find({ order: { name: 'ASC', email: 'ASC' } });
  }

  async get(id: string): Promise<Person> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ id });
    if (!person) throw new NotFoundException('No person with this id');
    return person;
  }

  async update(id: string, changes: PersonChanges): Promise<Person> {
    const values: PersonChanges = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.language !== undefined) values.language = changes.language;
    if (changes.organisationUnit !== undefined) values.organisationUnit = changes.organisationUnit;
    if (changes.reminderDigest !== undefined) values.reminderDigest = changes.reminderDigest;
    if (Object.keys(values).length > 0) await this.dataSource.getRepository(Person).update({ id }, values);
    return this.get(id);
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}
