import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpRepository, IndicatorRepository, IndicatorTransaction, NewIndicatorValue } from '@fullfolj/database';
import { compareLocalDates, parsePeriod, parseValueTable, valueHeaderScore, valueProblem, valuesAsOf, type LocalDate, type PeriodKey } from '@fullfolj/domain';
import { CodedException, FieldConflictException, invalidField } from '../../common/api-error';
import type { RecordValueDto } from '../dto/indicator.dto';
import { ImportRejectedException } from '../follow-up-errors';
import { FollowUpPlansService } from '../follow-up-plans.service';
import { IndicatorRemindersScheduler } from '../indicator-reminders.scheduler';
import { stockholmToday } from '../stockholm-today';
import { readTable, type UploadedTable } from '../table-reader';
import { notFound } from './indicators.service';

export interface RecordedValue {
  indicatorId: string;
  period: PeriodKey;
  value: number;
  text: string | null;
  comment: string | null;
  effectiveOn: LocalDate;
  /** False when the value, text and comment were already what is recorded (nothing was stored). */
  recorded: boolean;
}

export interface ValueImportResult {
  planId: string;
  /** Null when the file changed nothing (nothing is recorded then, not even the import). */
  importId: string | null;
  asOf: LocalDate;
  format: 'csv' | 'xlsx';
  shape: 'fullfolj' | 'kolada';
  sheet: string | null;
  headerRow: number;
  rows: number;
  recorded: number;
  unchanged: number;
  /** Kolada rows of other municipalities, or per gender beside a total. */
  skipped: number;
}

/**
 * Values (utfall) per period: recorded one at a time by the plan's owners and editors or the
 * indicator's responsible person, or imported from a table (all or nothing). Values are
 * append-only and effective on a date; history only grows forward, as for activities.
 */
@Injectable()
export class IndicatorValuesService {
  constructor(
    private readonly indicators: IndicatorRepository,
    private readonly followUp: FollowUpRepository,
    private readonly plans: FollowUpPlansService,
    private readonly reminders: IndicatorRemindersScheduler,
  ) {}

  async record(planId: string, indicatorId: string, dto: RecordValueDto, principal: Principal): Promise<RecordedValue> {
    await this.plans.get(planId);
    const today = stockholmToday();
    const effectiveOn = dto.effectiveOn ?? today;
    if (compareLocalDates(effectiveOn, today) > 0) throw invalidField('effectiveOn', `must not be in the future (today is ${today})`, 'date_in_future');
    const isMember = (await this.followUp.memberRole(planId, principal.personId)) !== null;
    const outcome = await this.indicators.inPlan(planId, async (tx) => {
      const indicator = await tx.indicator(indicatorId);
      if (!indicator) throw notFound(planId, indicatorId);
      if (!isMember && indicator.responsibleId !== principal.personId) {
        throw new CodedException(403, 'indicator_reporter_required', "only the indicator's responsible person or an owner or editor of the plan may record its values");
      }
      const period = parsePeriod(dto.period, indicator.periodicity);
      if (!period) throw invalidField('period', `is not a ${indicator.periodicity} period of this indicator`, 'invalid_period');
      const problem = valueProblem(indicator.unit, dto.value);
      if (problem) throw invalidField('value', problem, 'invalid_value');
      const value: NewIndicatorValue = {
        indicatorId,
        period,
        value: dto.value,
        text: dto.text?.trim() || null,
        comment: dto.comment?.trim() || null,
        effectiveOn,
        actorId: principal.personId,
        importId: null,
      };
      const current = valuesAsOf((await tx.values()).filter((v) => v.indicatorId === indicatorId), null).get(period);
      if (current && current.value === value.value && current.text === value.text && current.comment === value.comment) return { ...value, recorded: false };
      await this.forwardOnly(tx, effectiveOn, 'effectiveOn');
      await tx.appendValues([value]);
      return { ...value, recorded: true };
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    const { actorId: _a, importId: _i, ...result } = outcome.value;
    // Also when nothing changed: a request repeated after Temporal was unreachable re-plans the reminders then.
    await this.reminders.changed(indicatorId);
    return result;
  }

  /** Imports values from a CSV or XLSX table (Fullfölj's columns or Kolada's export): all or nothing, one transaction. */
  async import(planId: string, principal: Principal, file: UploadedTable | undefined, asOf: LocalDate): Promise<ValueImportResult> {
    await this.plans.requireEditor(planId, principal);
    if (!file) throw invalidField('file', 'is required (multipart/form-data, a CSV or XLSX file)');
    const today = stockholmToday();
    if (compareLocalDates(asOf, today) > 0) throw invalidField('asOf', `must not be in the future (today is ${today})`, 'date_in_future');
    const table = await readTable(file, valueHeaderScore);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');

    const outcome = await this.indicators.inPlan(planId, async (tx) => {
      const defs = await tx.indicators();
      const parsed = parseValueTable(table.rows, defs, null);
      if (!parsed.ok) throw new ImportRejectedException(parsed.issues);
      const values = await tx.values();
      const known = new Map(defs.map((d) => [d.id, valuesAsOf(values.filter((v) => v.indicatorId === d.id), null)]));
      const currentOf = (indicatorId: string, period: string) => known.get(indicatorId)?.get(period);
      const changed = parsed.values.filter((v) => {
        const c = currentOf(v.indicatorId, v.period);
        return !c || c.value !== v.value || c.text !== v.text || (v.comment !== null && c.comment !== v.comment);
      });
      const base = {
        planId,
        asOf,
        format: table.format,
        shape: parsed.shape,
        sheet: table.sheet,
        headerRow: parsed.headerRow,
        rows: parsed.values.length,
        recorded: changed.length,
        unchanged: parsed.values.length - changed.length,
        skipped: parsed.skipped,
      };
      if (changed.length === 0) return { result: { ...base, importId: null }, touched: [] as string[] };
      await this.forwardOnly(tx, asOf, 'asOf');
      const importId = randomUUID();
      await tx.insertImport({
        id: importId,
        fileName: file.originalname ? file.originalname.slice(0, 500) : null,
        format: table.format,
        shape: parsed.shape,
        sha256,
        asOf,
        rows: base.rows,
        recorded: base.recorded,
        skipped: base.skipped,
        actorId: principal.personId,
      });
      await tx.appendValues(changed.map((v) => ({ ...v, effectiveOn: asOf, actorId: principal.personId, importId })));
      return { result: { ...base, importId }, touched: [...new Set(changed.map((v) => v.indicatorId))] };
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    for (const id of outcome.value.touched) await this.reminders.changed(id);
    return outcome.value.result;
  }

  /** A value may not take effect before the plan's latest recorded value: a report for a past date never changes. */
  private async forwardOnly(tx: IndicatorTransaction, date: LocalDate, field: string): Promise<void> {
    const last = await tx.lastValueEffectiveOn();
    if (last !== null && compareLocalDates(date, last) < 0) {
      throw new FieldConflictException(field, `is before ${last}, the date of the plan's latest recorded value`, 'before_latest_change');
    }
  }
}

