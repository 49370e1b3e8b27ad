import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalCredential, Person } from '@fullfolj/database';
import { hashPassword, verifyPassword } from './passwords';

/** Checks an e-mail and password against `local_credential`. */
@Injectable()
export class LocalLoginService implements OnModuleInit {
  /** Compared against when no one has the e-mail, so both failures take equally long. */
  private decoy!: string;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    this.decoy = await hashPassword(randomUUID());
  }

  /** The person when the e-mail (any case) and password match; null for every kind of failure. */
  async verify(email: string, password: string): Promise<Person | null> {
    const person = await this.dataSource
      .getRepository(Person)
      .createQueryBuilder('p')
      .where('lower(p.email) = lower(:email)', { email })
      .getOne();
    const credential = person ? await this.dataSource.getRepository(LocalCredential).findOneBy({ personId: person.id }) : null;
    const matches = await verifyPassword(password, credential?.passwordHash ?? this.decoy);
    return person && credential && matches ? person : null;
  }
}
