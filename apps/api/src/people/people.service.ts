import { Injectable, NotFoundException } from '@nestjs/common';
import type { Language, Principal } from '@fullfolj/contracts';
import { isUniqueViolation, PeopleRepository, Person, PERSON_EMAIL_UNIQUE, ProgrammeReadRepository } from '@fullfolj/database';
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

/** Someone the viewer may not see the details of: enough to tell people apart and appoint them. */
export interface PersonSummary {
  id: string;
  name: string;
  active: boolean;
}

export interface PersonChanges {
  name?: string;
  language?: Language;
  organisationUnit?: string | null;
  reminderDigest?: boolean;
}

@Injectable()
export class PeopleService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly programmes: ProgrammeReadRepository,
  ) {}

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

  /**
   * Everyone, by name: in full for an administrator; otherwise in full only the viewer and
   * those who share a programme with them, the rest as name and id (owners appoint them).
   */
  async listFor(viewer: Principal): Promise<Array<{ person: Person } | { summary: PersonSummary }>> {
    const everyone = await this.people.list();
    if (viewer.isAdmin) return everyone.map((person) => ({ person }));
    const shared = await this.programmes.sharingAProgrammeWith(viewer.personId, null);
    return everyone.map((p) => (p.id === viewer.personId || shared.has(p.id) ? { person: p } : { summary: { id: p.id, name: p.name, active: p.active } }));
  }

  /**
   * One person, for the viewer: themself, someone who shares a programme with them, or
   * anyone for an administrator. Anyone else is a 404 like an unknown id, so a guessed id
   * confirms nothing.
   */
  async getFor(id: string, viewer: Principal): Promise<Person> {
    const visible = viewer.isAdmin || viewer.personId === id || (await this.programmes.sharingAProgrammeWith(viewer.personId, [id])).has(id);
    if (!visible) throw new NotFoundException('No person with this id');
    return this.get(id);
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
