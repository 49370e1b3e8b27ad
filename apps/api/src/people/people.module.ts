import { Module } from '@nestjs/common';
import { DemoPeopleSeeder } from './demo-people.seeder';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  controllers: [PeopleController],
  providers: [PeopleService, DemoPeopleSeeder],
  exports: [PeopleService],
})
export class PeopleModule {}
