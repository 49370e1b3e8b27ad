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
    const outcome = await this.check(email, password);
    return outcome.ok ? outcome.person : null;
  }

  /** Like verify, with the reason of a refusal for the security log (never shown to the caller). */
  async check(email: string, password: string): Promise<LoginCheck> {
    const person = await this.people.findByEmail(email);
    const passwordHash = person ? await this.people.passwordHashOf(person.id) : null;
    const matches = await verifyPassword(password, passwordHash ?? this.decoy);
    // A deactivated person is refused like a wrong password (after the same work, so it takes as long).
    if (!person) return { ok: false, person: null, reason: 'unknown_email' };
    if (passwordHash === null) return { ok: false, person, reason: 'no_local_password' };
    if (!matches) return { ok: false, person, reason: 'wrong_password' };
    if (!person.active) return { ok: false, person, reason: 'deactivated' };
    return { ok: true, person };
  }
}

export type LoginCheck =
  | { ok: true; person: Person }
  | { ok: false; person: Person | null; reason: 'unknown_email' | 'no_local_password' | 'wrong_password' | 'deactivated' };
