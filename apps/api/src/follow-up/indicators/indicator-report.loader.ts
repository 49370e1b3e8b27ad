import { Injectable } from '@nestjs/common';
import { IndicatorRepository } from '@fullfolj/database';
import { buildIndicatorReport, type ActivityState, type IndicatorReport, type LocalDate, type ReportLanguage } from '@fullfolj/domain';

/** A plan's indicators and analyses as of a date, for the indicator pages and every report. */
@Injectable()
export class IndicatorReportLoader {
  constructor(private readonly indicators: IndicatorRepository) {}

  /** `activities`: the plan's activities (as of the date), to name the ones linked to each indicator. */
  async load(planId: string, activities: readonly ActivityState[], asOf: LocalDate, language: ReportLanguage): Promise<IndicatorReport> {
    return (await this.loadWithEffects(planId, activities, asOf, language)).report;
  }

  /** Also, per activity, the names of the indicators it is expected to move (its förväntad effekt). */
  async loadWithEffects(
    planId: string,
    activities: readonly ActivityState[],
    asOf: LocalDate,
    language: ReportLanguage,
  ): Promise<{ report: IndicatorReport; expectedEffects: Map<string, string[]> }> {
    const reader = this.indicators.read(planId);
    const [indicators, values, analyses] = await Promise.all([reader.indicators(), reader.values(), this.indicators.analyses(planId)]);
    const texts = new Map(activities.map((a) => [a.id, a.activity]));
    const linkedActivities = new Map(indicators.map((i) => [i.id, i.activityIds.flatMap((id) => (texts.has(id) ? [texts.get(id)!] : []))]));
    const names = new Map(indicators.map((i) => [i.id, i.name]));
    const expectedEffects = new Map<string, string[]>();
    for (const i of indicators) for (const a of i.activityIds) expectedEffects.set(a, [...(expectedEffects.get(a) ?? []), i.name]);
    const report = buildIndicatorReport({
      indicators,
      values,
      // An indicator's analysis carries the indicator's current name.
      analyses: analyses.map((a) => ({ ...a, subject: a.subjectKind === 'indicator' ? (names.get(a.subjectKey) ?? a.subject) : a.subject })),
      linkedActivities,
      asOf,
      language,
    });
    return { report, expectedEffects };
  }
}
