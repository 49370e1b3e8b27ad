import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { ScimTokenGuard } from './scim-token.guard';
import { ScimTokensController } from './scim-tokens.controller';
import { ScimController } from './scim.controller';
import { ScimUsersService } from './scim-users.service';

/** SCIM 2.0 provisioning of people from the identity provider, and the admin routes for its tokens. */
@Module({
  imports: [PeopleModule],
  controllers: [ScimController, ScimTokensController],
  providers: [ScimUsersService, ScimTokenGuard],
})
export class ScimModule {}
