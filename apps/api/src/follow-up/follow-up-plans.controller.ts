import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Put, Query, Res, StreamableFile, UploadedFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@fullfolj/contracts';
import { APP_CONFIG, type ServiceConfig } from '@fullfolj/config';
import { FollowUpRepository } from '@fullfolj/database';
import { CurrentPrincipal, RequireCanOwnProgrammes } from '../auth';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { ImportDto, MoveActivityDeadlineDto, RecordActivityStatusDto, RecordCommentDto } from './dto/activity.dto';
import { CreatePlanDto } from './dto/plan.dto';
import { AddPlanEditorDto, LinkPlanProgrammeDto } from './dto/plan-member.dto';
import { FollowUpReportQueryDto } from './dto/report-query.dto';
import { followUpDocument, indicatorValuesTable } from './exporters/follow-up-document';
import { render } from './exporters/render';
import { FollowUpChangesService } from './follow-up-changes.service';
import { FollowUpImportService } from './follow-up-import.service';
import { FollowUpPlansService } from './follow-up-plans.service';
import { FollowUpReportsService } from './follow-up-reports.service';
import { TableUpload } from './table-upload.decorator';
import type { UploadedTable } from './table-reader';

/**
 * Follow-up plans (verksamhetsplaner): import, changes to activities, and reports as of a
 * date. Reports are public documents within the municipality: anyone signed in may read one
 * by its id; importing and changing needs an owner or editor of the plan.
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
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post()
  @RequireCanOwnProgrammes()
  @ApiOperation({
    summary: 'Create a plan for a year and one or more boards (I become its owner); repeating it with the same id returns the same plan (200)',
    description: 'programmeId links the plan into that programme\'s reports and needs an owner of the programme (else 403 programme_owner_required).',
  })
  @ApiForbiddenResponse({ description: 'programme_owner_required', type: ApiErrorBody })
  async create(@Body() dto: CreatePlanDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, plan } = await this.plans.create(principal, dto);
    res.status(created ? 201 : 200);
    return plan;
  }

  @Get()
  @ApiOperation({
    summary: 'The plans I own or edit, or may read through a role in their programme, newest year first',
    description: 'programmeId is null where I have no role in the programme; myRole is owner, editor or null.',
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.plans.list(principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan (programmeId only to its members and people with a role in that programme)' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  get(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.plans.view(id, principal);
  }

  @Get(':id/members')
  @ApiOperation({ summary: "A plan's owners and editors, and what I may do with it" })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  members(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.plans.members(id, principal);
  }

  @Post(':id/editors')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an editor, who may then import and change the plan (an owner of the plan, or an administrator)' })
  @ApiForbiddenResponse({ description: 'plan_owner_required', type: ApiErrorBody })
  addEditor(@Param('id', ParseUuidPipe) id: string, @Body() dto: AddPlanEditorDto, @CurrentPrincipal() principal: Principal) {
    return this.plans.addEditor(id, dto.personId, principal);
  }

  @Delete(':id/editors/:personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an editor (an owner of the plan, or an administrator; owners stay)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'plan_owner_required', type: ApiErrorBody })
  async removeEditor(@Param('id', ParseUuidPipe) id: string, @Param('personId', ParseUuidPipe) personId: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.plans.removeEditor(id, personId, principal);
  }

  @Put(':id/programme')
  @ApiOperation({ summary: "Link the plan into a programme's reports (an owner or editor of the plan who owns the programme), or unlink it with null" })
  @ApiForbiddenResponse({ description: 'plan_editor_required, programme_owner_required', type: ApiErrorBody })
  link(@Param('id', ParseUuidPipe) id: string, @Body() dto: LinkPlanProgrammeDto, @CurrentPrincipal() principal: Principal) {
    return this.plans.link(id, dto.programmeId, principal);
  }

  @Post(':id/imports')
  @TableUpload('CSV or XLSX follow-up table', '2022-08-31')
  @ApiOperation({
    summary: 'Import a follow-up table (CSV or XLSX): all or nothing; re-importing the same table changes nothing',
    description:
      'Columns: Perspektiv, Kommunövergripande mål, Nämndmål, Strategiskt utvecklingsuppdrag, Aktivitet, Nämnd, Slutfört, Status, Kommentar. ' +
      'Rows take effect on asOf, which may not be before the latest change already recorded for the plan.',
  })
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
    summary: 'The follow-up as of a date, computed from history, with indicators and analyses: JSON, CSV, XLSX, PDF or Word (docx)',
    description: 'A later change never alters the report for an earlier date. Grouped by perspective → municipal goal → board goal → strategic assignment.',
  })
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  )
  async report(@Param('id', ParseUuidPipe) id: string, @Query() query: FollowUpReportQueryDto): Promise<object | StreamableFile> {
    const report = await this.reports.followUp(id, { asOf: query.asOf, board: query.board, lang: query.lang });
    const document =
      query.table === 'indicators' ? (r: typeof report) => ({ ...followUpDocument(r), dataTable: indicatorValuesTable(r) }) : followUpDocument;
    return render(report, query.format ?? 'json', document, this.config.reports);
  }
}
