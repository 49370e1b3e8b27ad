import { Module } from '@nestjs/common';
import { FollowUpChangesService } from './follow-up-changes.service';
import { FollowUpImportService } from './follow-up-import.service';
import { FollowUpPlansController } from './follow-up-plans.controller';
import { FollowUpPlansService } from './follow-up-plans.service';
import { FollowUpReportsService } from './follow-up-reports.service';
import { ProgrammeReportsController } from './programme-reports.controller';

/** Follow-up plans and board reports, and programmes' lägesrapport and slutrapport. */
@Module({
  controllers: [FollowUpPlansController, ProgrammeReportsController],
  providers: [FollowUpPlansService, FollowUpImportService, FollowUpChangesService, FollowUpReportsService],
})
export class FollowUpModule {}
