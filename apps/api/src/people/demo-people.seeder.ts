import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@fullfolj/config';
import { PeopleRepository } from '@fullfolj/database';
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
    private readonly people: PeopleRepository,
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
    if (await this.people.any()) return 0;
    const hashes = await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)));
    return this.people.insertAllIfEmpty(DEMO_PEOPLE.map(({ title: _title, ...person }, i) => ({ person, passwordHash: hashes[i] })));
  }
}
