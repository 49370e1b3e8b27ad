import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { AdminPersonalDataController, OwnPersonalDataController } from './personal-data.controller';
import { PersonalDataService } from './personal-data.service';

/** GDPR export and erasure; retention (gallring) runs in the worker. */
@Module({
  imports: [PeopleModule],
  controllers: [OwnPersonalDataController, AdminPersonalDataController],
  providers: [PersonalDataService],
})
export class PersonalDataModule {}
