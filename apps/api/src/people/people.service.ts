import { Injectable, NotFoundException } from '@nestjs/common';
import type { Language } from '@fullfolj/contracts';
import { isUniqueViolation, PeopleRepository, Person, PERSON_EMAIL_UNIQUE } from '@fullfolj/database';
import { FieldConflictException } from '../common/api-error';
import { hashPassword } from '../auth/passwords';

export interface NewPerson {
  name: string;
  email: string;
  organisationUnit?: string | null;
  language?: Language;
  canOwnProgrammes?: boolean;
  isAdmin?: boolean;
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
  constructor(private readonly people: PeopleRepository) {}

  /** Creates the person and their password together, or neither; 409 naming `email` when it is taken. */
  async create(input: NewPerson): Promise<Person> {
    // Hashing takes a while; do it before the transaction opens.
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    try {
      return await this.people.create(
        { name: input.name, email: input.email, organisationUnit: input.organisationUnit, language: input.language, canOwnProgrammes: input.canOwnProgrammes, isAdmin: input.isAdmin },
        passwordHash,
      );
    } catch (error) {
      if (isUniqueViolation(error, PERSON_EMAIL_UNIQUE)) throw new FieldConflictException('email', 'is already in use');
      throw error;
    }
  }

  list(): Promise<Person[]> {
    return this.people.list();
  }

  async get(id: string): Promise<Person> {
    const person = await this.people.findById(id);
    if (!person) throw new NotFoundException('No person with this id');
    return person;
  }

  async update(id: string, changes: PersonChanges): Promise<Person> {
    const values: PersonChanges = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.language !== undefined) values.language = changes.language;
    if (changes.organisationUnit !== undefined) values.organisationUnit = changes.organisationUnit;
    if (changes.reminderDigest !== undefined) values.reminderDigest = changes.reminderDigest;
    await this.people.update(id, values);
    return this.get(id);
  }
}
