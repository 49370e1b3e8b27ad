import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { LocalCredential, Person } from '@fullfolj/database';
import { hashPassword } from '../auth/passwords';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo-people';

/**
 * In development only, fills an empty `person` table with the demo people (README,
 * "Signing in"), in one transaction. Never in test or production.
 */
@Injectable()
export class DemoPeopleSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoPeopleSeeder.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.env !== 'development') return;
    const seeded = await this.seedIfEmpty();
    if (seeded > 0) {
      this.logger.log(`Added ${seeded} demo people (development only); sign in as ${DEMO_PEOPLE[0].email}, password in README`);
    }
  }

  /** Adds the demo people when there is no person at all; returns how many it added. */
  async seedIfEmpty(): Promise<number> {
    if (this.config.env !== 'development') return 0;
    if (await this.dataSource.getRepository(Person).exists()) return 0;
    const hashes = await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)));
    return this.dataSource.transaction(async (manager) => {
      // Two API processes starting together: the second waits, then finds the people.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('fullfolj:demo-people'))`);
      if (await manager.getRepository(Person).exists()) return 0;
      for (const [i, { title: _title, ...demo }] of DEMO_PEOPLE.entries()) {
        const person = await manager.save(
          manager.create(Person, {
            ...demo,
            organisationUnit: demo.organisationUnit ?? null,
            language: demo.language ?? 'sv',
            canOwnProgrammes: demo.canOwnProgrammes ?? false,
          }),
        );
        await manager.insert(LocalCredential, { personId: person.id, passwordHash: hashes[i] });
      }
      return DEMO_PEOPLE.length;
    });
  }
}
