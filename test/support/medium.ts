import { Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@fullfolj/config';
import { DatabaseModule } from '@fullfolj/database';
import { DataSource } from 'typeorm';
import { testConfig } from './services';

/**
 * A service with its real repositories on the int tier's PostgreSQL and nothing else
 * (no HTTP, no Temporal): the "medium" tier for use cases whose rules live in SQL.
 */
export async function startMediumModule(providers: Array<Provider | Type>, configOverrides: Record<string, string> = {}): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [ConfigModule.register(testConfig(configOverrides)), DatabaseModule],
    providers,
  }).compile();
  await module.init();
  return module;
}

/** Marks the person deactivated directly, for tests of what a deactivated person meets. */
export async function markDeactivated(module: TestingModule, personId: string): Promise<void> {
  await module.get(DataSource).query(`UPDATE person SET active = false, deactivated_at = now() WHERE id = $1`, [personId]);
}
