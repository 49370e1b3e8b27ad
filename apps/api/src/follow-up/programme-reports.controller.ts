import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type ServiceConfig } from '@fullfolj/config';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal } from '../auth';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ReportQueryDto } from './dto/report-query.dto';
import { programmeDocument } from './exporters/programme-document';
import { render } from './exporters/render';
import { FollowUpReportsService } from './follow-up-reports.service';

const PRODUCES = [
  'application/json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

/** A programme's lägesrapport and slutrapport, computed from its events; readable by anyone with a role in it. */
@ApiTags('programmes')
@Controller('programmes')
export class ProgrammeReportsController {
  constructor(
    private readonly reports: FollowUpReportsService,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get(':id/reports/status')
  @ApiOperation({ summary: 'Lägesrapport (status report) as of a date: phases, gate decisions, meetings and minutes, assignments and their deadline changes, linked follow-up' })
  @ApiProduces(...PRODUCES)
  @ApiForbiddenResponse({ type: ApiErrorBody })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  async status(@Param('id', ParseUuidPipe) id: string, @Query() query: ReportQueryDto, @CurrentPrincipal() principal: Principal): Promise<object | StreamableFile> {
    const report = await this.reports.programme(id, principal, 'status', query);
    return render(report, query.format ?? 'json', programmeDocument, this.config.reports);
  }

  @Get(':id/reports/final')
  @ApiOperation({ summary: 'Slutrapport (final report) as of a date, with the same content as the lägesrapport' })
  @ApiProduces(...PRODUCES)
  @ApiForbiddenResponse({ type: ApiErrorBody })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  async final(@Param('id', ParseUuidPipe) id: string, @Query() query: ReportQueryDto, @CurrentPrincipal() principal: Principal): Promise<object | StreamableFile> {
    const report = await this.reports.programme(id, principal, 'final', query);
    return render(report, query.format ?? 'json', programmeDocument, this.config.reports);
  }
}
