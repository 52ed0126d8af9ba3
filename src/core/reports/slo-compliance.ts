import { SliCounts, errorBudgetRatio, errorRatio } from '../slo/error-budget';
import { ReportPeriod } from './report-period';

/** An SLO's SLI counts over the report period and each of its sub-periods (undefined: no data). */
export interface SloPeriodCounts {
  readonly slo: string;
  readonly groupName: string;
  readonly service: string | null;
  readonly team: string | null;
  readonly objectivePercent: number;
  readonly whole: SliCounts | undefined;
  readonly periods: ReadonlyArray<{ readonly period: ReportPeriod; readonly counts: SliCounts | undefined }>;
}

/** The SLI of a stretch of time: its percentage, whether it met the objective and the error budget it spent. */
export type SliResult =
  | {
      readonly kind: 'sli';
      readonly sliPercent: number;
      readonly met: boolean;
      /** error ratio ÷ error budget: above 1 means the objective was missed. */
      readonly budgetConsumedRatio: number;
    }
  | { readonly kind: 'no-data' }
  | { readonly kind: 'sli-problem'; readonly message: string };

export interface SloCompliance {
  readonly slo: string;
  readonly groupName: string;
  readonly service: string | null;
  readonly team: string | null;
  readonly objectivePercent: number;
  readonly whole: SliResult;
  readonly periods: ReadonlyArray<{ readonly period: ReportPeriod; readonly result: SliResult }>;
  /** Sub-periods with data that met the objective, and those with data. */
  readonly periodsMet: number;
  readonly periodsWithData: number;
}

export function sliResult(counts: SliCounts | undefined, objectivePercent: number): SliResult {
  if (counts === undefined) {
    return { kind: 'no-data' };
  }
  const ratio = errorRatio(counts);
  if (ratio.kind === 'no-data') {
    return ratio;
  }
  if (ratio.kind === 'sli-problem') {
    return { kind: 'sli-problem', message: ratio.problem.message };
  }
  const budgetConsumedRatio = ratio.errorRatio / errorBudgetRatio(objectivePercent);
  return {
    kind: 'sli',
    sliPercent: (1 - ratio.errorRatio) * 100,
    met: budgetConsumedRatio <= 1,
    budgetConsumedRatio,
  };
}

/** Compliance of each SLO over the report period and its sub-periods, by SLO name. */
export function sloCompliance(slos: readonly SloPeriodCounts[]): SloCompliance[] {
  return slos
    .map((slo) => {
      const periods = slo.periods.map(({ period, counts }) => ({
        period,
        result: sliResult(counts, slo.objectivePercent),
      }));
      const withData = periods.filter(({ result }) => result.kind === 'sli');
      return {
        slo: slo.slo,
        groupName: slo.groupName,
        service: slo.service,
        team: slo.team,
        objectivePercent: slo.objectivePercent,
        whole: sliResult(slo.whole, slo.objectivePercent),
        periods,
        periodsMet: withData.filter(({ result }) => result.kind === 'sli' && result.met).length,
        periodsWithData: withData.length,
      };
    })
    .sort((a, b) => a.slo.localeCompare(b.slo) || a.groupName.localeCompare(b.groupName));
}
