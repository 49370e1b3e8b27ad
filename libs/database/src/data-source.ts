import { DataSource, DataSourceOptions } from 'typeorm';
import { ApiToken } from './entities/api-token.entity';
import { AuthSession } from './entities/auth-session.entity';
import { LocalCredential } from './entities/local-credential.entity';
import { OutboxMessage } from './entities/outbox-message.entity';
import { Person } from './entities/person.entity';
import { MailOutbox1763856000000 } from './migrations/1763856000000-mail-outbox';
import { Programmes1763950000000 } from './migrations/1763950000000-programmes';
import { FollowUp1764000000000 } from './migrations/1764000000000-follow-up';
import { GateRounds1764100000000 } from './migrations/1764100000000-gate-rounds';
import { MeetingInvitations1764300000000 } from './migrations/1764300000000-meeting-invitations';
import { ReminderDigest1764400000000 } from './migrations/1764400000000-reminder-digest';
import { MyWork1764500000000 } from './migrations/1764500000000-my-work';
import { MailOutboxAttachments1764200000000 } from './migrations/1764200000000-mail-outbox-attachments';
import { PeopleAndAuth1763900000000 } from './migrations/1763900000000-people-and-auth';
import { AccountsAndSso1764600000000 } from './migrations/1764600000000-accounts-and-sso';
import { SignInState1764700000000 } from './migrations/1764700000000-sign-in-state';
import { Scim1764720000000 } from './migrations/1764720000000-scim';
import { TemplateOwners1764810000000 } from './migrations/1764810000000-template-owners';
import { PlanOwners1764811000000 } from './migrations/1764811000000-plan-owners';
import { SignInThrottle1764800000000 } from './migrations/1764800000000-sign-in-throttle';
import { PersonalData1764830000000 } from './migrations/1764830000000-personal-data';
import { IdempotencyKeys1764845000000 } from './migrations/1764845000000-idempotency-keys';
import { MailRefusals1764860000000 } from './migrations/1764860000000-mail-refusals';
import { ReadModelRebuildable1764870000000 } from './migrations/1764870000000-read-model-rebuildable';
import { Indicators1764880000000 } from './migrations/1764880000000-indicators';

/** Listed explicitly (not globbed) so source, dist and bundles all see the same set. */
export const entities = [OutboxMessage, Person, LocalCredential, ApiToken, AuthSession];
export const migrations = [MailOutbox1763856000000, PeopleAndAuth1763900000000, Programmes1763950000000, FollowUp1764000000000, GateRounds1764100000000, MailOutboxAttachments1764200000000, MeetingInvitations1764300000000, ReminderDigest1764400000000, MyWork1764500000000, AccountsAndSso1764600000000, SignInState1764700000000, Scim1764720000000, SignInThrottle1764800000000, TemplateOwners1764810000000, PlanOwners1764811000000, PersonalData1764830000000, IdempotencyKeys1764845000000, MailRefusals1764860000000, ReadModelRebuildable1764870000000, Indicators1764880000000];

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
    ...overrides,
  } as DataSourceOptions;
}

/** Applies committed migrations. Safe to call concurrently: an advisory lock serialises runners. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['fullfolj:migrations']);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['fullfolj:migrations']).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
