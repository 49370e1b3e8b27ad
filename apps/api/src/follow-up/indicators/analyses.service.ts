import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { AnalysisRow, FollowUpRepository, IndicatorRepository, IndicatorTransaction, PeriodApprovalRow } from '@fullfolj/database';
import {
  analysisActProblem,
  analysisSubjectKey,
  compareLocalDates,
  foldAnalysis,
  FollowUpHistory,
  periodicityOf,
  type AnalysisFold,
  type AnalysisSubjectKind,
  type LocalDate,
  type PeriodKey,
} from '@fullfolj/domain';
import { CodedException, invalidField } from '../../common/api-error';
import type { AnalysisActDto, DraftAnalysisDto } from '../dto/indicator.dto';
import { FollowUpPlansService } from '../follow-up-plans.service';
import { stockholmToday } from '../stockholm-today';

export interface AnalysisSubject {
  kind: AnalysisSubjectKind;
  key: string;
  /** The goal's or assignment's text, or the indicator's name. */
  title: string;
}

export interface AnalysisView extends AnalysisRow, AnalysisFold {
  /** The period's report has been approved: no new versions. */
  locked: boolean;
}

export interface AnalysesView {
  planId: string;
  asOf: LocalDate;
  canEdit: boolean;
  canApprove: boolean;
  /** What an analysis can be written about: the plan's goals, strategic assignments and indicators. */
  subjects: AnalysisSubject[];
  analyses: AnalysisView[];
  approvedPeriods: PeriodApprovalRow[];
}

/**
 * Analyses and judgements (analys och bedömning) per goal, strategic assignment and indicator
 * and period: drafted and marked ready by the plan's owners and editors, approved by an owner.
 * Approving a period's report locks that period's analyses.
 */
@Injectable()
export class AnalysesService {
  constructor(
    private readonly indicators: IndicatorRepository,
    private readonly followUp: FollowUpRepository,
    private readonly plans: FollowUpPlansService,
  ) {}

  async list(planId: string, principal: Principal, asOf: LocalDate = stockholmToday()): Promise<AnalysesView> {
    await this.plans.get(planId);
    const role = await this.followUp.memberRole(planId, principal.personId);
    const approvals = await this.indicators.periodApprovals(planId);
    const locked = new Set(approvals.map((a) => a.period));
    const analyses = (await this.indicators.analyses(planId))
      .map(({ events, ...row }) => ({ ...row, ...foldAnalysis(events, asOf), locked: locked.has(row.period) }))
      .filter((a) => a.current !== null);
    return {
      planId,
      asOf,
      canEdit: role !== null,
      canApprove: role === 'owner',
      subjects: await this.subjects(planId),
      analyses,
      approvedPeriods: approvals.filter((a) => compareLocalDates(a.approvedOn, asOf) <= 0),
    };
  }

  /** Writes a new version (a draft) of the analysis of a subject for a period. */
  async draft(planId: string, dto: DraftAnalysisDto, principal: Principal): Promise<AnalysisView> {
    await this.plans.requireEditor(planId, principal);
    const period = dto.period.trim().toUpperCase();
    if (!periodicityOf(period)) throw invalidField('period', 'is not a period (2022, 2022-VT, 2022-HT or 2022-03)', 'invalid_period');
    const effectiveOn = this.effectiveOn(dto.effectiveOn);
    const subject = (await this.subjects(planId)).find((s) => s.kind === dto.subjectKind && s.key === analysisSubjectKey(dto.subjectKind, dto.subject));
    if (!subject) throw invalidField('subject', `is no ${dto.subjectKind === 'indicator' ? 'indicator id' : dto.subjectKind === 'goal' ? 'goal' : 'strategic assignment'} of this plan`, 'subject_not_found');
    const id = await this.inPlan(planId, async (tx) => {
      await this.requireOpen(tx, period);
      const analysis = await tx.ensureAnalysis({ id: randomUUID(), subjectKind: subject.kind, subjectKey: subject.key, subject: subject.title, period });
      const fold = foldAnalysis(await tx.analysisEvents(analysis.id), null);
      this.requireForward(fold, effectiveOn);
      await tx.appendAnalysisEvent(analysis.id, { type: 'drafted', version: (fold.current?.version ?? 0) + 1, text: dto.text.trim(), status: dto.status }, effectiveOn, principal.personId);
      return analysis.id;
    });
    return this.view(planId, id);
  }

  /** Marks the newest version ready (klarmarkerad) for the owner's approval. */
  async markReady(planId: string, analysisId: string, dto: AnalysisActDto, principal: Principal): Promise<AnalysisView> {
    await this.plans.requireEditor(planId, principal);
    return this.act(planId, analysisId, dto, principal, 'ready');
  }

  async approve(planId: string, analysisId: string, dto: AnalysisActDto, principal: Principal): Promise<AnalysisView> {
    await this.plans.requireOwner(planId, principal);
    return this.act(planId, analysisId, dto, principal, 'approve');
  }

  /** Approves the report of a period: its analyses are locked from then on. Again: the same approval (200). */
  async approvePeriod(planId: string, period: string, effectiveOn: string | undefined, principal: Principal): Promise<PeriodApprovalRow> {
    await this.plans.requireOwner(planId, principal);
    const key = period.trim().toUpperCase();
    if (!periodicityOf(key)) throw invalidField('period', 'is not a period (2022, 2022-VT, 2022-HT or 2022-03)', 'invalid_period');
    const on = this.effectiveOn(effectiveOn);
    return this.inPlan(planId, async (tx) => {
      await tx.approvePeriod(key, on, principal.personId);
      return (await tx.periodApproval(key))!;
    });
  }

  private async act(planId: string, analysisId: string, dto: AnalysisActDto, principal: Principal, act: 'ready' | 'approve'): Promise<AnalysisView> {
    const effectiveOn = this.effectiveOn(dto.effectiveOn);
    await this.inPlan(planId, async (tx) => {
      const analysis = await tx.analysis(analysisId);
      if (!analysis) throw new NotFoundException(`analysis ${analysisId} does not exist in follow-up plan ${planId}`);
      await this.requireOpen(tx, analysis.period);
      const fold = foldAnalysis(await tx.analysisEvents(analysisId), null);
      const problem = analysisActProblem(fold, act, dto.version);
      if (problem) throw new CodedException(409, problem.code, problem.message);
      this.requireForward(fold, effectiveOn);
      await tx.appendAnalysisEvent(analysisId, { type: act === 'ready' ? 'marked_ready' : 'approved', version: dto.version }, effectiveOn, principal.personId);
    });
    return this.view(planId, analysisId);
  }

  private async view(planId: string, analysisId: string): Promise<AnalysisView> {
    const row = (await this.indicators.analyses(planId)).find((a) => a.id === analysisId)!;
    const approvals = await this.indicators.periodApprovals(planId);
    const { events, ...rest } = row;
    return { ...rest, ...foldAnalysis(events, null), locked: approvals.some((a) => a.period === row.period) };
  }

  /** The plan's goals (municipal and board goals), strategic assignments and indicators, each once. */
  private async subjects(planId: string): Promise<AnalysisSubject[]> {
    const history = new FollowUpHistory();
    await this.followUp.fold(planId, null, (e) => history.apply(e));
    const out = new Map<string, AnalysisSubject>();
    const add = (kind: AnalysisSubjectKind, title: string | null, key = title) => {
      if (!title || !key) return;
      const k = analysisSubjectKey(kind, key);
      if (!out.has(`${kind}:${k}`)) out.set(`${kind}:${k}`, { kind, key: k, title });
    };
    for (const a of history.activities()) {
      add('goal', a.hierarchy.municipalGoal);
      add('goal', a.hierarchy.boardGoal);
      add('assignment', a.hierarchy.strategicAssignment);
    }
    for (const i of await this.indicators.read(planId).indicators()) add('indicator', i.name, i.id);
    return [...out.values()];
  }

  private effectiveOn(date: string | undefined): LocalDate {
    const today = stockholmToday();
    const on = date ?? today;
    if (compareLocalDates(on, today) > 0) throw invalidField('effectiveOn', `must not be in the future (today is ${today})`, 'date_in_future');
    return on;
  }

  private async requireOpen(tx: IndicatorTransaction, period: PeriodKey): Promise<void> {
    const approval = await tx.periodApproval(period);
    if (approval) throw new CodedException(409, 'period_locked', `the report for ${period} was approved on ${approval.approvedOn}; its analyses are locked`);
  }

  /** An act may not take effect before the analysis's latest one, so a report for a past date never changes. */
  private requireForward(fold: AnalysisFold, effectiveOn: LocalDate): void {
    const last = fold.versions.flatMap((v) => [v.writtenOn, v.readyOn, v.approvedOn]).filter((d): d is string => d !== null).sort().pop();
    if (last && compareLocalDates(effectiveOn, last) < 0) {
      throw new CodedException(409, 'before_latest_change', `effectiveOn is before ${last}, the date of this analysis's latest change`);
    }
  }

  private async inPlan<T>(planId: string, work: (tx: IndicatorTransaction) => Promise<T>): Promise<T> {
    const outcome = await this.indicators.inPlan(planId, work);
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    return outcome.value;
  }
}
