import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpRepository } from '@fullfolj/database';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ImportDto, MoveActivityDeadlineDto, RecordActivityStatusDto, RecordCommentDto } from './dto/activity.dto';
import { CreatePlanDto } from './dto/plan.dto';
import { FollowUpReportQueryDto } from './dto/report-query.dto';
import { followUpDocument } from './exporters/follow-up-document';
import { render } from './exporters/render';
import { FollowUpChangesService } from './follow-up-changes.service';
import { ImportErrorBody } from './follow-up-errors';
import { FollowUpImportService } from './follow-up-import.service';
import { FollowUpPlansService } from './follow-up-plans.service';
import { FollowUpReportsService } from './follow-up-reports.service';
import { MAX_UPLOAD_BYTES, type UploadedTable } from './table-reader';

/**
 * Follow-up plans (verksamhetsplaner): import, changes to activities, and reports as of a
 * date. Reports are public documents within the municipality: anyone signed in may read;
 * importing and changing needs a person who may own programmes.
 */
@ApiTags('follow-up')
@Controller('follow-up/plans')
export class FollowUpPlansController {
  constructor(
    private readonly plans: FollowUpPlansService,
    private readonly imports: FollowUpImportService,
    private readonly changes: FollowUpChangesService,
    private readonly reports: FollowUpReportsService,
    private readonly repository: FollowUpRepository,
  ) {}

  @Post()
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: 'Create a plan for a year and one or more boards; repeating it with the same id returns the same plan (200)' })
  async create(@Body() dto: CreatePlanDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, plan } = await this.plans.create(principal, dto);
    res.status(created ? 201 : 200);
    return plan;
  }

  @Get()
  @ApiOperation({ summary: 'All plans, newest year first' })
  list() {
    return this.plans.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  get(@Param('id', ParseUuidPipe) id: string) {
    return this.plans.get(id);
  }

  @Post(':id/imports')
  @HttpCode(200)
  @RequireCanOwnProgrammes()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'asOf'],
      properties: { file: { type: 'string', format: 'binary', description: 'CSV or XLSX follow-up table' }, asOf: { type: 'string', example: '2022-08-31' } },
    },
  })
  @ApiOperation({
    summary: 'Import a follow-up table (CSV or XLSX): all or nothing; re-importing the same table changes nothing',
    description:
      'Columns: Perspektiv, Kommunövergripande mål, Nämndmål, Strategiskt utvecklingsuppdrag, Aktivitet, Nämnd, Slutfört, Status, Kommentar. ' +
      'Rows take effect on asOf, which may not be before the latest change already recorded for the plan.',
  })
  @ApiBadRequestResponse({ type: ImportErrorBody, description: 'Every problem, per row: row number as in the file, column, value, reason' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'asOf is before the latest recorded change' })
  import(@Param('id', ParseUuidPipe) id: string, @Body() dto: ImportDto, @UploadedFile() file: UploadedTable | undefined, @CurrentPrincipal() principal: Principal) {
    return this.imports.import(id, principal, file, dto.asOf);
  }

  @Get(':id/activities/:activityId/history')
  @ApiOperation({ summary: "An activity's changes in order, with who made them and when they took effect" })
  async history(@Param('id', ParseUuidPipe) id: string, @Param('activityId', ParseUuidPipe) activityId: string) {
    await this.plans.get(id);
    const history = await this.repository.activityHistory(id, activityId);
    if (!history) throw new NotFoundException(`activity ${activityId} does not exist in follow-up plan ${id}`);
    return history;
  }

  @Post(':id/activities/:activityId/status')
  @HttpCode(200)
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: "Record an activity's status (and optionally a comment), effective today or on effectiveOn" })
  recordStatus(
    @Param('id', ParseUuidPipe) id: string,
    @Param('activityId', ParseUuidPipe) activityId: string,
    @Body() dto: RecordActivityStatusDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.recordStatus(id, activityId, principal, dto);
  }

  @Post(':id/activities/:activityId/comment')
  @HttpCode(200)
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: "Record an activity's comment" })
  recordComment(
    @Param('id', ParseUuidPipe) id: string,
    @Param('activityId', ParseUuidPipe) activityId: string,
    @Body() dto: RecordCommentDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.recordComment(id, activityId, principal, dto);
  }

  @Post(':id/activities/:activityId/deadline')
  @HttpCode(200)
  @RequireCanOwnProgrammes()
  @ApiOperation({ summary: 'Move a deadline or postpone ("Förskjuts till 2023"), with a reason; the adopted deadline is kept' })
  moveDeadline(
    @Param('id', ParseUuidPipe) id: string,
    @Param('activityId', ParseUuidPipe) activityId: string,
    @Body() dto: MoveActivityDeadlineDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.moveDeadline(id, activityId, principal, dto);
  }

  @Get(':id/report')
  @ApiOperation({
    summary: 'The follow-up as of a date, computed from history: JSON, CSV, XLSX or PDF',
    description: 'A later change never alters the report for an earlier date. Grouped by perspective → municipal goal → board goal → strategic assignment.',
  })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf')
  async report(@Param('id', ParseUuidPipe) id: string, @Query() query: FollowUpReportQueryDto): Promise<object | StreamableFile> {
    const report = await this.reports.followUp(id, { asOf: query.asOf, board: query.board, lang: query.lang });
    return render(report, query.format ?? 'json', followUpDocument);
  }
}
