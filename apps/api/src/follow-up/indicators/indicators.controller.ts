import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal } from '../../auth';
import { ApiErrorBody } from '../../common/api-error';
import { ParseUuidPipe } from '../../common/validation';
import { ImportDto } from '../dto/activity.dto';
import { AnalysisActDto, ApprovePeriodDto, CreateIndicatorDto, DraftAnalysisDto, IndicatorDto, IndicatorQueryDto, RecordValueDto } from '../dto/indicator.dto';
import { indicatorChart } from '../exporters/indicator-document';
import { chartSvg } from '../exporters/chart-svg';
import type { UploadedTable } from '../table-reader';
import { TableUpload } from '../table-upload.decorator';
import { AnalysesService } from './analyses.service';
import { IndicatorValuesService } from './indicator-values.service';
import { IndicatorsService } from './indicators.service';

/**
 * A follow-up plan's indicators (indikatorer) with targets and values per period, and the
 * analyses per period (analys och bedömning). Read by anyone signed in, like the plan's reports;
 * changed by the plan's owners and editors (values also by the indicator's responsible person);
 * analyses and period reports approved by an owner.
 */
@ApiTags('follow-up')
@Controller('follow-up/plans/:id')
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly values: IndicatorValuesService,
    private readonly analyses: AnalysesService,
  ) {}

  @Get('indicators')
  @ApiOperation({ summary: "The plan's indicators with baseline, target and outcome per period as known on asOf (default today)" })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  list(@Param('id', ParseUuidPipe) id: string, @Query() query: IndicatorQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.indicators.list(id, principal, query.asOf, query.lang);
  }

  @Post('indicators')
  @ApiOperation({ summary: 'Define an indicator (an owner or editor of the plan); the same request again with the same id returns it (200)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'invalid_period, invalid_value, scale_range, person_not_found, activity_not_found, name_taken' })
  @ApiForbiddenResponse({ description: 'plan_editor_required', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'differs_from_created', type: ApiErrorBody })
  async create(@Param('id', ParseUuidPipe) id: string, @Body() dto: CreateIndicatorDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, indicator } = await this.indicators.create(id, dto, principal);
    res.status(created ? 201 : 200);
    return indicator;
  }

  @Get('indicators/:indicatorId')
  @ApiOperation({ summary: 'One indicator with its figures as known on asOf' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  get(
    @Param('id', ParseUuidPipe) id: string,
    @Param('indicatorId', ParseUuidPipe) indicatorId: string,
    @Query() query: IndicatorQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.indicators.get(id, indicatorId, principal, query.asOf, query.lang);
  }

  @Put('indicators/:indicatorId')
  @ApiOperation({ summary: "Change an indicator's definition (an owner or editor of the plan); its periodicity is fixed once values are recorded" })
  @ApiForbiddenResponse({ description: 'plan_editor_required', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'periodicity_fixed', type: ApiErrorBody })
  update(@Param('id', ParseUuidPipe) id: string, @Param('indicatorId', ParseUuidPipe) indicatorId: string, @Body() dto: IndicatorDto, @CurrentPrincipal() principal: Principal) {
    return this.indicators.update(id, indicatorId, dto, principal);
  }

  @Post('indicators/:indicatorId/values')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the value (utfall) of a period, effective today or on effectiveOn; a later record for the period replaces it from its date on' })
  @ApiForbiddenResponse({ description: 'indicator_reporter_required', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'before_latest_change', type: ApiErrorBody })
  record(@Param('id', ParseUuidPipe) id: string, @Param('indicatorId', ParseUuidPipe) indicatorId: string, @Body() dto: RecordValueDto, @CurrentPrincipal() principal: Principal) {
    return this.values.record(id, indicatorId, dto, principal);
  }

  @Get('indicators/:indicatorId/values')
  @ApiOperation({ summary: "An indicator's recorded values in the order they took effect, with who recorded them" })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  history(@Param('id', ParseUuidPipe) id: string, @Param('indicatorId', ParseUuidPipe) indicatorId: string) {
    return this.indicators.valueHistory(id, indicatorId);
  }

  @Get('indicators/:indicatorId/reminders')
  @ApiOperation({ summary: 'Every reminder to report a value still to come, exactly as the reminder workflow will send them' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  reminders(@Param('id', ParseUuidPipe) id: string, @Param('indicatorId', ParseUuidPipe) indicatorId: string) {
    return this.indicators.reminderPreview(id, indicatorId);
  }

  @Get('indicators/:indicatorId/chart.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: "The indicator's chart as of asOf: target and outcome per period, coloured by attainment (the same drawing as in the PDF and Word reports)" })
  async chart(
    @Param('id', ParseUuidPipe) id: string,
    @Param('indicatorId', ParseUuidPipe) indicatorId: string,
    @Query() query: IndicatorQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    const view = await this.indicators.get(id, indicatorId, principal, query.asOf, query.lang);
    return chartSvg(indicatorChart(view.figures, query.lang ?? 'sv'));
  }

  @Post('indicator-imports')
  @TableUpload('CSV or XLSX: Indikator, Period, Värde, Text, Kommentar; or a Kolada export', '2023-01-31')
  @ApiOperation({
    summary: 'Import indicator values from CSV or XLSX: all or nothing; the same file again records nothing',
    description:
      "Fullfölj's columns (Indikator, Period, Värde, Text, Kommentar) or Kolada's export (kpi, municipality, period, value, gender): rows are matched to indicators whose source is that Kolada key figure; " +
      'per-gender rows are skipped where a total (T) is given. Values take effect on asOf.',
  })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'asOf is before the latest recorded value' })
  import(@Param('id', ParseUuidPipe) id: string, @Body() dto: ImportDto, @UploadedFile() file: UploadedTable | undefined, @CurrentPrincipal() principal: Principal) {
    return this.values.import(id, principal, file, dto.asOf);
  }

  @Get('analyses')
  @ApiOperation({ summary: "The plan's analyses as known on asOf, the subjects they can be about, and the approved periods" })
  analysesList(@Param('id', ParseUuidPipe) id: string, @Query() query: IndicatorQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.analyses.list(id, principal, query.asOf);
  }

  @Post('analyses')
  @HttpCode(200)
  @ApiOperation({ summary: 'Write a new version (draft) of the analysis of a goal, strategic assignment or indicator for a period (an owner or editor)' })
  @ApiBadRequestResponse({ description: 'invalid_period, subject_not_found', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'period_locked, before_latest_change', type: ApiErrorBody })
  draft(@Param('id', ParseUuidPipe) id: string, @Body() dto: DraftAnalysisDto, @CurrentPrincipal() principal: Principal) {
    return this.analyses.draft(id, dto, principal);
  }

  @Post('analyses/:analysisId/ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the newest version ready (klarmarkera) for approval (an owner or editor)' })
  @ApiConflictResponse({ description: 'analysis_version_stale, analysis_not_draft, period_locked', type: ApiErrorBody })
  ready(@Param('id', ParseUuidPipe) id: string, @Param('analysisId', ParseUuidPipe) analysisId: string, @Body() dto: AnalysisActDto, @CurrentPrincipal() principal: Principal) {
    return this.analyses.markReady(id, analysisId, dto, principal);
  }

  @Post('analyses/:analysisId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the newest version, marked ready (an owner of the plan)' })
  @ApiForbiddenResponse({ description: 'plan_owner_required', type: ApiErrorBody })
  @ApiConflictResponse({ description: 'analysis_version_stale, analysis_not_ready, period_locked', type: ApiErrorBody })
  approve(@Param('id', ParseUuidPipe) id: string, @Param('analysisId', ParseUuidPipe) analysisId: string, @Body() dto: AnalysisActDto, @CurrentPrincipal() principal: Principal) {
    return this.analyses.approve(id, analysisId, dto, principal);
  }

  @Post('periods/:period/approval')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a period's report (an owner): its analyses are locked from then on; again returns the same approval" })
  @ApiForbiddenResponse({ description: 'plan_owner_required', type: ApiErrorBody })
  approvePeriod(@Param('id', ParseUuidPipe) id: string, @Param('period') period: string, @Body() dto: ApprovePeriodDto, @CurrentPrincipal() principal: Principal) {
    return this.analyses.approvePeriod(id, period, dto.effectiveOn, principal);
  }
}
