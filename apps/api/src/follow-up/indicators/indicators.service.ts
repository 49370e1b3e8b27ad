import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpRepository, IndicatorFields, IndicatorRepository, IndicatorRow, IndicatorTransaction, PeopleRepository, ValueHistoryRow } from '@fullfolj/database';
import {
  FollowUpHistory,
  periodicityOf,
  valueProblem,
  valueReminderPlan,
  type IndicatorReportEntry,
  type IndicatorUnit,
  type LocalDate,
  type PlannedValueReminder,
  type ReportLanguage,
} from '@fullfolj/domain';
import { FieldError, FieldConflictException, idUnavailable, InvalidInputException } from '../../common/api-error';
import type { CreateIndicatorDto, IndicatorDto } from '../dto/indicator.dto';
import { IndicatorRemindersScheduler } from '../indicator-reminders.scheduler';
import { FollowUpPlansService } from '../follow-up-plans.service';
import { stockholmToday } from '../stockholm-today';
import { IndicatorReportLoader } from './indicator-report.loader';

export interface IndicatorView extends Omit<IndicatorRow, 'planId' | 'position' | 'updatedAt'> {
  /** Baseline, target and outcome per period as known on the date, with attainment and trend. */
  figures: IndicatorReportEntry;
}

export interface IndicatorListView {
  planId: string;
  asOf: LocalDate;
  /** Whether I may define indicators and record values (an owner or editor of the plan). */
  canEdit: boolean;
  indicators: IndicatorView[];
}

export interface ValueRemindersView {
  indicatorId: string;
  responsibleId: string | null;
  reminders: PlannedValueReminder[];
}

/**
 * A plan's indicators: defined and changed by its owners and editors, read by anyone signed in
 * (like the plan's reports). Every change tells the indicator's reminder workflow to plan again.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly indicators: IndicatorRepository,
    private readonly followUp: FollowUpRepository,
    private readonly plans: FollowUpPlansService,
    private readonly people: PeopleRepository,
    private readonly reminders: IndicatorRemindersScheduler,
    private readonly loader: IndicatorReportLoader,
  ) {}

  async list(planId: string, principal: Principal, asOf: LocalDate = stockholmToday(), language: ReportLanguage = 'sv'): Promise<IndicatorListView> {
    await this.plans.get(planId);
    const canEdit = (await this.followUp.memberRole(planId, principal.personId)) !== null;
    const reader = this.indicators.read(planId);
    const rows = await reader.indicators();
    const report = await this.figures(planId, asOf, language);
    return {
      planId,
      asOf,
      canEdit,
      indicators: rows.map((row) => ({ ...viewOf(row), figures: report.get(row.id)! })),
    };
  }

  async get(planId: string, indicatorId: string, principal: Principal, asOf?: LocalDate, language?: ReportLanguage): Promise<IndicatorView> {
    const list = await this.list(planId, principal, asOf, language);
    const view = list.indicators.find((i) => i.id === indicatorId);
    if (!view) throw notFound(planId, indicatorId);
    return view;
  }

  /** Creates an indicator; the same request again (same id, same content) returns it (created: false). */
  async create(planId: string, dto: CreateIndicatorDto, principal: Principal): Promise<{ created: boolean; indicator: IndicatorView }> {
    await this.plans.requireEditor(planId, principal);
    const id = dto.id?.toLowerCase() ?? randomUUID();
    const outcome = await this.indicators.inPlan(planId, async (tx) => {
      const fields = await this.fieldsFrom(dto, tx, id);
      const existing = await tx.indicator(id);
      if (existing) {
        if (canonical(comparable(viewOf(existing))) !== canonical(comparable({ ...fields, id }))) {
          throw new FieldConflictException('id', 'is already used by a different indicator', 'differs_from_created');
        }
        return false;
      }
      if (!(await tx.insertIndicator(id, fields, principal.personId))) throw idUnavailable();
      return true;
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    // Also on a repeat: a request repeated after Temporal was unreachable schedules the reminders then.
    await this.reminders.changed(id);
    return { created: outcome.value, indicator: await this.get(planId, id, principal) };
  }

  async update(planId: string, indicatorId: string, dto: IndicatorDto, principal: Principal): Promise<IndicatorView> {
    await this.plans.requireEditor(planId, principal);
    const outcome = await this.indicators.inPlan(planId, async (tx) => {
      const existing = await tx.indicator(indicatorId);
      if (!existing) throw notFound(planId, indicatorId);
      const fields = await this.fieldsFrom(dto, tx, indicatorId);
      if (fields.periodicity !== existing.periodicity && (await tx.values()).some((v) => v.indicatorId === indicatorId)) {
        throw new FieldConflictException('periodicity', 'cannot change once values are recorded', 'periodicity_fixed');
      }
      await tx.updateIndicator(indicatorId, fields);
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    await this.reminders.changed(indicatorId);
    return this.get(planId, indicatorId, principal);
  }

  async valueHistory(planId: string, indicatorId: string): Promise<ValueHistoryRow[]> {
    await this.plans.get(planId);
    if (!(await this.indicators.read(planId).indicator(indicatorId))) throw notFound(planId, indicatorId);
    return this.indicators.valueHistory(indicatorId);
  }

  /** Every reminder to report a value still to come, as the reminder workflow will send them (the same function). */
  async reminderPreview(planId: string, indicatorId: string): Promise<ValueRemindersView> {
    const plan = await this.plans.get(planId);
    const reader = this.indicators.read(planId);
    const row = await reader.indicator(indicatorId);
    if (!row) throw notFound(planId, indicatorId);
    const reported = new Set((await reader.values()).filter((v) => v.indicatorId === indicatorId).map((v) => v.period));
    return { indicatorId, responsibleId: row.responsibleId, reminders: valueReminderPlan(row, plan.year, reported, new Date().toISOString()) };
  }

  /** Figures per indicator as known on a date (the same loader as the reports). */
  private async figures(planId: string, asOf: LocalDate, language: ReportLanguage): Promise<Map<string, IndicatorReportEntry>> {
    const history = new FollowUpHistory();
    await this.followUp.fold(planId, asOf, (e) => history.apply(e));
    const report = await this.loader.load(planId, history.activities(), asOf, language);
    return new Map(report.indicators.map((i) => [i.id, i]));
  }

  /** The stored fields of a definition, or a 400 naming every problem. */
  private async fieldsFrom(dto: IndicatorDto, tx: IndicatorTransaction, id: string): Promise<IndicatorFields> {
    const errors: FieldError[] = [];
    const unit: IndicatorUnit = dto.unit.kind === 'scale' ? { kind: 'scale', min: dto.unit.min!, max: dto.unit.max! } : { kind: dto.unit.kind };
    if (unit.kind === 'scale' && unit.min >= unit.max) errors.push({ field: 'unit.max', code: 'scale_range', message: 'must be greater than unit.min' });
    const checkPeriod = (field: string, period: string) => {
      if (periodicityOf(period) !== dto.periodicity) {
        errors.push({ field, code: 'invalid_period', message: `is not a ${dto.periodicity} period (${PERIOD_EXAMPLES[dto.periodicity]})` });
        return false;
      }
      return true;
    };
    const checkValue = (field: string, value: unknown) => {
      const problem = typeof value === 'number' ? valueProblem(unit, value) : 'is not a number';
      if (problem) errors.push({ field, code: 'invalid_value', message: problem });
    };
    if (dto.baseline) {
      checkPeriod('baseline.period', dto.baseline.period);
      checkValue('baseline.value', dto.baseline.value);
    }
    const targets: Record<string, number> = {};
    const targetEntries = Object.entries(dto.targets ?? {});
    if (targetEntries.length > 240) errors.push({ field: 'targets', code: 'too_many', message: 'may name at most 240 periods' });
    for (const [period, value] of targetEntries.slice(0, 240)) {
      if (checkPeriod(`targets.${period}`, period)) checkValue(`targets.${period}`, value);
      targets[period] = value;
    }
    const responsibleId = dto.responsibleId?.toLowerCase() ?? null;
    if (responsibleId && !(await this.people.exists(responsibleId))) errors.push({ field: 'responsibleId', code: 'person_not_found', message: 'is no person' });
    const activityIds = [...new Set((dto.activityIds ?? []).map((a) => a.toLowerCase()))];
    const known = await tx.knownActivities(activityIds);
    activityIds.forEach((a, i) => {
      if (!known.has(a)) errors.push({ field: `activityIds[${i}]`, code: 'activity_not_found', message: 'is no activity of this plan' });
    });
    const name = dto.name.trim();
    if (await tx.nameTaken(name, id)) errors.push({ field: 'name', code: 'name_taken', message: 'is the name of another indicator of this plan' });
    if (errors.length > 0) throw new InvalidInputException(errors);
    const source = dto.source?.kind === 'kolada' ? { kind: 'kolada' as const, kpiId: dto.source.kpiId!.toUpperCase() } : { kind: dto.source?.kind ?? ('manual' as const) };
    return {
      name,
      description: dto.description?.trim() ?? '',
      unit,
      direction: dto.direction,
      periodicity: dto.periodicity,
      baseline: dto.baseline ? { period: dto.baseline.period, value: dto.baseline.value } : null,
      targets: Object.fromEntries(Object.entries(targets).sort(([a], [b]) => a.localeCompare(b))),
      responsibleId,
      source: source as IndicatorFields['source'],
      reportWithinWorkingDays: dto.reportWithinWorkingDays ?? 10,
      activityIds,
    };
  }
}

const PERIOD_EXAMPLES = { year: 'e.g. 2022', term: 'e.g. 2022-VT or 2022-HT', month: 'e.g. 2022-03' };

export const notFound = (planId: string, indicatorId: string) => new NotFoundException(`indicator ${indicatorId} does not exist in follow-up plan ${planId}`);

function viewOf(row: IndicatorRow): Omit<IndicatorRow, 'planId' | 'position' | 'updatedAt'> {
  const { planId: _p, position: _n, updatedAt: _u, ...rest } = row;
  return { ...rest, targets: Object.fromEntries(Object.entries(rest.targets).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The fields a repeated create must match. */
function comparable(f: Omit<IndicatorFields, never> & { id: string }) {
  return [f.id, f.name, f.description, f.unit, f.direction, f.periodicity, f.baseline, f.targets, f.responsibleId, f.source, f.reportWithinWorkingDays, [...f.activityIds].sort()];
}

/** JSON with object keys sorted at every level (PostgreSQL's jsonb keeps its own key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
