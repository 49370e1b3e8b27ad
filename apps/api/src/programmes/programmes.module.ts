import { Module } from '@nestjs/common';
import { ProgrammeAccess } from './programme-access.service';
import { ProgrammeCommands } from './programme-commands.service';
import { ProgrammeQueries } from './programme-queries.service';
import { ProgrammesController } from './programmes.controller';
import { StartProgrammeUseCase } from './start-programme.use-case';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Templates and programmes: where requests about a programme enter. */
@Module({
  controllers: [TemplatesController, ProgrammesController],
  providers: [TemplatesService, StartProgrammeUseCase, ProgrammeQueries, ProgrammeCommands, ProgrammeAccess],
})
export class ProgrammesModule {}
