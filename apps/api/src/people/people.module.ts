import { Module } from '@nestjs/common';
import { OutgoingMailModule } from '../outgoing-mail/outgoing-mail.module';
import { AdminPeopleController } from './admin-people.controller';
import { AdminRightsController } from './admin-rights.controller';
import { AdminRightsService } from './admin-rights.service';
import { DemoPeopleSeeder } from './demo-people.seeder';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';
import { PersonLifecycleService } from './person-lifecycle.service';

@Module({
  imports: [OutgoingMailModule],
  controllers: [PeopleController, AdminPeopleController, AdminRightsController],
  providers: [PeopleService, DemoPeopleSeeder, PersonLifecycleService, AdminRightsService],
  exports: [PeopleService, PersonLifecycleService],
})
export class PeopleModule {}
