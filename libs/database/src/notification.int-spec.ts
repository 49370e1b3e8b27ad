import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { insertPeople, markDeactivated, startMediumModule, testPeople } from '@fullfolj/testing';
import { NotificationRepository } from './notification.repository';

// Reminders, gate notices and invitations address people through recipients(): a deactivated
// person has no account any more and must get none of them (their items go to the owner instead).
describe('NotificationRepository.recipients on real PostgreSQL', () => {
  let module: TestingModule;
  const person = testPeople();
  const active = person('Aktiv');
  const gone = person('Slutat');

  beforeAll(async () => {
    module = await startMediumModule([]);
    await insertPeople(module.get(DataSource), [active, gone]);
  });
  afterAll(() => module?.close());

  it('leaves out a deactivated person and keeps the order of the others', async () => {
    const repository = module.get(NotificationRepository);
    expect((await repository.recipients([gone.id, active.id])).map((r) => r.id)).toEqual([gone.id, active.id]);
    await markDeactivated(module, gone.id);
    expect((await repository.recipients([gone.id, active.id])).map((r) => r.id)).toEqual([active.id]);
  });
});
