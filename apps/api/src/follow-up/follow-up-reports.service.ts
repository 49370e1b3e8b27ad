import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpPlanRow, FollowUpRepository, ProgrammeReadRepository } from '@fullfolj/database';
import {
  buildFollowUpReport,
  buildProgrammeReport,
  compareLocalDates,
  findBoard,
  FollowUpHistory,
  instantToLocalDate,
  type FollowUpReport,
  type LocalDate,
  type ProgrammeReportKind,
  type ReportLanguage,
} from '@fullfolj/domain';
import { invalidField } from '../common/api-error';
import type { ProgrammeReportView } from './exporters/programme-document';
import { planInfo } from './follow-up-plans.service';
import { IndicatorReportLoader } from './indicators/indicator-report.loader';
import { stockholmToday } from './stockholm-today';

export interface ReportOptions {
  asOf?: LocalDate;
  board?: string;
  lang?: ReportLanguage;
}

/** Reports computed from history as of a date: a plan's follow-up, a programme's lägesrapport and slutrapport. */
@Injectable()
export class FollowUpReportsService {
  constructor(
    private readonly repository: FollowUpRepository,
    private readonly programmes: ProgrammeReadRepository,
    private readonly indicators: IndicatorReportLoader,
  ) {}

  async followUp(planId: string, options: ReportOptions): Promise<FollowUpReport> {
    const plan = await this.repository.findPlan(planId);
    if (!plan) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    let board = null;
    if (options.board !== undefined) {
      board = findBoard(options.board, plan.boards) ?? null;
      if (!board) throw invalidField('board', `is not one of the plan's boards (${plan.boards.map((b) => b.code).join(', ')})`);
    }
    return this.buildFollowUp(plan, options.asOf ?? stockholmToday(), board, options.lang ?? 'sv');
  }

  private async buildFollowUp(plan: FollowUpPlanRow, asOf: LocalDate, board: ReturnType<typeof findBoard> | null, language: ReportLanguage) {
    const history = new FollowUpHistory();
    await this.repository.fold(plan.id, asOf, (e) => history.apply(e));
    const activities = history.activities();
    const report = buildFollowUpReport({ plan: planInfo(plan), activities, asOf, board, language });
    const { report: indicators, expectedEffects } = await this.indicators.loadWithEffects(plan.id, activities, asOf, language);
    return { ...report, rows: report.rows.map((r) => ({ ...r, indicators: expectedEffects.get(r.activityId) ?? [] })), indicators };
  }

  /** Anyone with a role in the programme may read its reports: 404 for an unknown programme, 403 without a role. */
  async programme(programmeId: string, principal: Principal, kind: ProgrammeReportKind, options: ReportOptions): Promise<ProgrammeReportView> {
    const roles = await this.programmes.rolesOf(programmeId, principal.personId);
    if (roles === null) throw new NotFoundException(`programme ${programmeId} does not exist`);
    if (roles.length === 0) throw new ForbiddenException('requires a role in this programme');
    const asOf = options.asOf ?? stockholmToday();
    const language = options.lang ?? 'sv';
    const events = await this.programmes.events(programmeId);
    const started = events.find((e) => e.type === 'programme_started');
    if (started && compareLocalDates(asOf, instantToLocalDate(started.occurredAt)) < 0) {
      throw invalidField('asOf', `is before the programme was started (${instantToLocalDate(started.occurredAt)})`);
    }
    const ids = new Set<string>();
    for (const e of events) {
      if (e.actorId) ids.add(e.actorId);
      collectIds(e.data, ids);
    }
    const names = await this.repository.personNames([...ids]);
    const report = buildProgrammeReport({ kind, asOf, language, events, names });
    const plans = await this.repository.plansForProgramme(programmeId);
    const followUp = [];
    for (const plan of plans) {
      const r = await this.buildFollowUp(plan, asOf, null, language);
      followUp.push({ plan: r.plan, summary: r.summary, rows: r.rows, indicators: r.indicators });
    }
    return { ...report, followUp };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Person ids anywhere in an event's data (owner, responsibles, grants), to look their names up at once. */
function collectIds(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 6 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into, depth + 1);
  } else if (typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into, depth + 1);
  }
}
