import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { RecordedSample } from '../evaluation/recording-rule';
import { SloRule } from '../rules/rule-file.schema';
import { formatDuration } from '../time/duration';
import { BurnRateEvaluation, BurnRatePairStatus, evaluateBurnRates } from './burn-rate-alerts';
import { BudgetResult, SliCounts, budgetStatus, windowBurn } from './error-budget';
import { BudgetPoint, ExhaustionForecast, forecastExhaustion } from './exhaustion-forecast';

/**
 * One evaluation of an SLO: burn rates over the table's windows, the error budget over the SLO window, the
 * exhaustion forecast from the recent budget trend, and what follows from them: the alert elements (one per firing
 * row of the burn-rate table, one for a forecast exhaustion within a horizon), the series to record, and the status
 * the API shows. Counts come in; reading them is the caller's job.
 */

/** Label telling the two kinds of SLO alert apart. */
export const SLO_ALERT_LABEL = 'slo_alert';

/** Names of the series an SLO records at every evaluation (labels `slo`, and `window` where there is one). */
export const SLO_RECORDED = {
  errorRatio: 'slo:sli_error:ratio',
  burnRate: 'slo:burn_rate:ratio',
  budgetRemaining: 'slo:error_budget_remaining:ratio',
} as const;

export interface SloData {
  /** SLI counts over each distinct window length of the burn-rate table, ending now (undefined: no data). */
  readonly countsByWindowMs: ReadonlyMap<number, SliCounts | undefined>;
  /** Counts over the SLO window (rolling, or the calendar month so far). */
  readonly budgetCounts: SliCounts | undefined;
  /** Length of the whole SLO window (a calendar month's own length), for budget minutes. */
  readonly budgetPeriodMs: number;
  /** Budget remaining recorded by earlier evaluations, for the exhaustion forecast. */
  readonly budgetHistory: readonly BudgetPoint[];
  /** How many series of the total counter have samples in each window (to notice a target that went missing). */
  readonly totalSeriesByWindowMs?: ReadonlyMap<number, number>;
  /** Counter resets of each series of the total counter over the last `RESET_STORM_WINDOW_MS`. */
  readonly totalResetsPerSeries?: readonly number[];
}

/** The window a reset storm is looked for in, and how many resets of one series in it make a storm. */
export const RESET_STORM_WINDOW_MS = 3_600_000;
export const RESET_STORM_MIN_RESETS = 4;

/**
 * A counter resets when its process restarts: once per deploy is normal. A series resetting again and again within
 * an hour is a crash-looping instance (or a gauge used as a counter); each reset adds the value before it to the
 * increase, so the burn rates cannot be trusted while it lasts.
 */
export function resetStormProblem(resetsPerSeries: readonly number[] | undefined): string | undefined {
  const storming = (resetsPerSeries ?? []).filter((resets) => resets >= RESET_STORM_MIN_RESETS);
  if (storming.length === 0) {
    return undefined;
  }
  return (
    `counter reset storm: ${storming.length} of ${resetsPerSeries?.length ?? 0} series of the total counter reset ` +
    `${RESET_STORM_MIN_RESETS} or more times in the last ${formatDuration(RESET_STORM_WINDOW_MS)} ` +
    `(most: ${Math.max(...storming)}); crash-looping instances? burn rates may be wrong`
  );
}

/**
 * An SLI whose total counter has far fewer series in the shortest window than in the longest burn-rate window lost
 * part of its traffic's reporting (a scrape target or an instance gone): its error ratio may look healthy while it
 * is not. Half is the line: losing one of two instances counts, routine churn of one in twenty does not.
 */
export function seriesDropProblem(
  seriesByWindowMs: ReadonlyMap<number, number> | undefined,
  shortestMs: number,
  longestMs: number,
): string | undefined {
  const before = seriesByWindowMs?.get(longestMs) ?? 0;
  const now = seriesByWindowMs?.get(shortestMs) ?? 0;
  if (before >= 2 && now * 2 <= before) {
    return (
      `the total counter has ${now} series with samples in the last ${formatDuration(shortestMs)} against ` +
      `${before} over ${formatDuration(longestMs)}: part of the traffic stopped reporting`
    );
  }
  return undefined;
}

export interface SloWindowStatus {
  readonly window: string;
  readonly windowMs: number;
  readonly errorRatio: number | null;
  readonly burnRate: number | null;
  readonly events: number | null;
  readonly enoughEvents: boolean;
}

export interface SloAlertRowStatus {
  readonly severity: string;
  readonly burnRateThreshold: number;
  readonly longWindow: string;
  readonly shortWindow: string;
  readonly status: BurnRatePairStatus;
}

/** What `GET /api/v1/slos/:name` shows of the latest evaluation. */
export interface SloStatus {
  readonly slo: string;
  readonly objective: number;
  readonly window: string;
  readonly service?: string;
  readonly team?: string;
  readonly description?: string;
  readonly evaluatedAtMs: number;
  /** Share of good events over the SLO window; null without data. */
  readonly sli: number | null;
  readonly budget: BudgetResult;
  readonly burnRates: readonly SloWindowStatus[];
  readonly alerts: readonly SloAlertRowStatus[];
  readonly exhaustion: ExhaustionForecast;
  /** SLI problems found in any window (good above total, ...): the SLI's queries are probably wrong. */
  readonly problems: readonly string[];
}

export interface SloEvaluation {
  readonly burn: BurnRateEvaluation;
  readonly budget: BudgetResult;
  readonly exhaustion: ExhaustionForecast;
  /** Alert elements that breach now. */
  readonly breaching: VectorElement[];
  /** Alert elements that have data now (firing or not); empty when the SLI has no data at all. */
  readonly present: VectorElement[];
  readonly recordings: RecordedSample[];
  readonly status: SloStatus;
}

export function sloWindowName(rule: SloRule): string {
  return rule.window.type === 'rolling' ? formatDuration(rule.window.ms) : 'calendar_month';
}

function rowLabels(row: SloRule['burnRates'][number]): Labels {
  return {
    [SLO_ALERT_LABEL]: 'burn_rate',
    severity: row.severity,
    long_window: formatDuration(row.longWindowMs),
    short_window: formatDuration(row.shortWindowMs),
    burn_rate: String(row.burnRate),
  };
}

export function evaluateSlo(rule: SloRule, data: SloData, nowMs: number): SloEvaluation {
  const burn = evaluateBurnRates(
    rule.burnRates,
    (windowMs) => data.countsByWindowMs.get(windowMs),
    rule.objective,
    rule.minEvents,
  );
  const budget: BudgetResult =
    data.budgetCounts === undefined
      ? { kind: 'no-data' }
      : budgetStatus(data.budgetCounts, rule.objective, data.budgetPeriodMs);
  const history =
    budget.kind === 'budget'
      ? [...data.budgetHistory, { tsMs: nowMs, remainingRatio: budget.remainingRatio }]
      : data.budgetHistory;
  const exhaustion = forecastExhaustion(history, nowMs, rule.exhaustion);

  const breaching: VectorElement[] = [];
  const present: VectorElement[] = [];
  // The SLI is silent when its total counter has no samples over the shortest window (a quiet service still has
  // samples, with no increase): then nothing is present, and a `no_data: alert` SLO raises its no-data alert.
  const shortestMs = Math.min(...rule.burnRates.map((row) => row.shortWindowMs));
  if (data.budgetCounts === undefined || data.countsByWindowMs.get(shortestMs) === undefined) {
    return finish();
  }
  burn.pairs.forEach((pair) => {
    const element = {
      labels: rowLabels(pair.window),
      value: pair.long.kind === 'burn' ? pair.long.burnRate : NaN,
    };
    present.push(element);
    if (pair.status === 'firing') {
      breaching.push(element);
    }
  });
  if (exhaustion.status !== 'insufficient-data' && budget.kind === 'budget') {
    const severity = 'severity' in exhaustion ? exhaustion.severity : undefined;
    const value = 'timeToExhaustionMs' in exhaustion ? exhaustion.timeToExhaustionMs / 3_600_000 : Infinity;
    // One identity per severity, so that a ticket turning into a page is a new alert (it pages) as in the table.
    for (const candidate of ['critical', 'warning'] as const) {
      const element = { labels: { [SLO_ALERT_LABEL]: 'exhaustion', severity: candidate }, value };
      present.push(element);
      if (severity === candidate) {
        breaching.push(element);
      }
    }
  }

  return finish();

  function finish(): SloEvaluation {
    const windows = [...new Set(rule.burnRates.flatMap((row) => [row.longWindowMs, row.shortWindowMs]))].sort(
      (a, b) => a - b,
    );
    const windowStatus = windows.map((windowMs): SloWindowStatus => {
      const counts = data.countsByWindowMs.get(windowMs);
      const result = counts === undefined ? undefined : windowBurn(counts, rule.objective, rule.minEvents);
      return {
        window: formatDuration(windowMs),
        windowMs,
        errorRatio: result?.kind === 'burn' ? result.errorRatio : null,
        burnRate: result?.kind === 'burn' ? result.burnRate : null,
        events: result?.kind === 'burn' ? result.total : null,
        enoughEvents: result?.kind === 'burn' ? result.enoughEvents : false,
      };
    });

    const recordings: RecordedSample[] = [];
    const record = (name: string, labels: Labels, value: number | null): void => {
      if (value !== null && Number.isFinite(value)) {
        recordings.push({ labels: { [METRIC_NAME_LABEL]: name, slo: rule.name, ...labels }, value });
      }
    };
    for (const entry of windowStatus) {
      record(SLO_RECORDED.errorRatio, { window: entry.window }, entry.errorRatio);
      record(SLO_RECORDED.burnRate, { window: entry.window }, entry.burnRate);
    }
    const sloBurn =
      data.budgetCounts === undefined ? undefined : windowBurn(data.budgetCounts, rule.objective);
    record(
      SLO_RECORDED.errorRatio,
      { window: sloWindowName(rule) },
      sloBurn?.kind === 'burn' ? sloBurn.errorRatio : null,
    );
    record(SLO_RECORDED.budgetRemaining, {}, budget.kind === 'budget' ? budget.remainingRatio : null);

    const seriesDrop = seriesDropProblem(
      data.totalSeriesByWindowMs,
      Math.min(...rule.burnRates.map((row) => row.shortWindowMs)),
      Math.max(...rule.burnRates.map((row) => row.longWindowMs)),
    );
    const problems = [
      ...new Set([
        ...[
          ...burn.pairs.map((pair) => pair.problem),
          budget.kind === 'sli-problem' ? budget.problem : undefined,
        ]
          .filter((problem) => problem !== undefined)
          .map((problem) => problem.message),
        ...(seriesDrop === undefined ? [] : [seriesDrop]),
        ...[resetStormProblem(data.totalResetsPerSeries)].filter((problem) => problem !== undefined),
      ]),
    ];
    const status: SloStatus = {
      slo: rule.name,
      objective: rule.objective,
      window: sloWindowName(rule),
      ...(rule.service === undefined ? {} : { service: rule.service }),
      ...(rule.team === undefined ? {} : { team: rule.team }),
      ...(rule.description === undefined ? {} : { description: rule.description }),
      evaluatedAtMs: nowMs,
      sli: sloBurn?.kind === 'burn' ? 1 - sloBurn.errorRatio : null,
      budget,
      burnRates: windowStatus,
      alerts: burn.pairs.map((pair) => ({
        severity: pair.window.severity,
        burnRateThreshold: pair.window.burnRate,
        longWindow: formatDuration(pair.window.longWindowMs),
        shortWindow: formatDuration(pair.window.shortWindowMs),
        status: pair.status,
      })),
      exhaustion,
      problems,
    };
    return { burn, budget, exhaustion, breaching, present, recordings, status };
  }
}
