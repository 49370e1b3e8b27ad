import { Module } from '@nestjs/common';
import { FollowUpChangesService } from './follow-up-changes.service';
import { FollowUpImportService } from './follow-up-import.service';
import { FollowUpPlansController } from './follow-up-plans.controller';
import { FollowUpPlansService } from './follow-up-plans.service';
import { FollowUpReportsService } from './follow-up-reports.service';
import { IndicatorRemindersScheduler } from './indicator-reminders.scheduler';
import { AnalysesService } from './indicators/analyses.service';
import { IndicatorReportLoader } from './indicators/indicator-report.loader';
import { IndicatorValuesService } from './indicators/indicator-values.service';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { ProgrammeReportsController } from './programme-reports.controller';

/** Follow-up plans and board reports, their indicators and analyses, and programmes' lägesrapport and slutrapport. */
@Module({
  controllers: [FollowUpPlansController, IndicatorsController, ProgrammeReportsController],
  providers: [
    FollowUpPlansService,
    FollowUpImportService,
    FollowUpChangesService,
    FollowUpReportsService,
    IndicatorRemindersScheduler,
    IndicatorsService,
    IndicatorValuesService,
    AnalysesService,
    IndicatorReportLoader,
  ],
})
export class FollowUpModule {}
