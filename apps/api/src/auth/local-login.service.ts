import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PeopleRepository, Person } from '@fullfolj/database';
import { hashPassword, verifyPassword } from './passwords';

/** Checks an e-mail and password against `local_credential`. */
@Injectable()
export class LocalLoginService implements OnModuleInit {
  /** Compared against when no one has the e-mail, so both failures take equally long. */
  private decoy!: string;

  constructor(private readonly people: PeopleRepository) {}

  async onModuleInit(): Promise<void> {
    this.decoy = await hashPassword(randomUUID());
  }

  /** The active person when the e-mail (any case) and password match; null for every kind of failure. */
  async verify(email: string, password: string): Promise<Person | null> {
    const person = await this.people.findByEmail(email);
    const passwordHash = person ? await this.people.passwordHashOf(person.id) : null;
    const matches = await verifyPassword(password, passwordHash ?? this.decoy);
    // A deactivated person is refused like a wrong password (after the same work, so it takes as long).
    return person && person.active && passwordHash !== null && matches ? person : null;
  }
}
