import { BurnRatePresetName, CALENDAR_MONTH_MS, burnRatePreset } from '../rules/burn-rate-presets';
import { BurnRateWindow, SloWindow } from '../rules/rule-file.schema';
import { formatDuration } from '../time/duration';
import { SliCounts, SliProblem, WindowBurn, windowBurn } from './error-budget';
import { SliSeries, sliCountsOverWindow } from './window-counts';

/**
 * Multiwindow, multi-burn-rate alerting (SRE workbook, "Alerting on SLOs"; Sloth; Pyrra): a row of the table fires
 * when the burn rate over its long window AND over its short window are both above the row's factor (strictly, as
 * `slo:sli_error:ratio_rate1h > 14.4 * 0.001` in Sloth's and Pyrra's rules). A window with fewer events than
 * `min_events` never fires.
 */

export type Severity = BurnRateWindow['severity'];

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

/** Why a row of the table fires or not. */
export type BurnRatePairStatus = 'firing' | 'below-threshold' | 'too-few-events' | 'no-data' | 'sli-problem';

export interface BurnRatePairResult {
  readonly window: BurnRateWindow;
  readonly status: BurnRatePairStatus;
  readonly long: WindowBurn;
  readonly short: WindowBurn;
  /** Set when status is `sli-problem`: the first problem of the long, then the short window. */
  readonly problem?: SliProblem;
}

/** A firing row: its severity and windows, and the burn rates that made it fire. */
export interface BurnRateAlert {
  readonly severity: Severity;
  readonly threshold: number;
  readonly longWindowMs: number;
  readonly shortWindowMs: number;
  readonly longBurnRate: number;
  readonly shortBurnRate: number;
  readonly longErrorRatio: number;
  readonly shortErrorRatio: number;
  /** `severity`, `long_window`, `short_window` (Prometheus durations) and `burn_rate` (the threshold). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface BurnRateEvaluation {
  /** One result per row of the table, in table order. */
  readonly pairs: readonly BurnRatePairResult[];
  /** The firing rows, in table order. */
  readonly alerts: readonly BurnRateAlert[];
  /** The distinct severities that fire, most severe first. */
  readonly firingSeverities: readonly Severity[];
}

/** SLO window length in ms: a calendar month counts as 30 days, as in the presets. */
export function sloWindowMs(window: SloWindow): number {
  return window.type === 'rolling' ? window.ms : CALENDAR_MONTH_MS;
}

/** A preset table scaled to the SLO window (see `burnRatePreset`). */
export function burnRateTableFor(preset: BurnRatePresetName, window: SloWindow): BurnRateWindow[] {
  return burnRatePreset(preset, sloWindowMs(window));
}

/**
 * Evaluates a burn-rate table. `countsForWindow(windowMs)` gives the SLI counts over the window of that length ending
 * at the evaluation time (undefined for no data); it is called once per distinct window length.
 */
export function evaluateBurnRates(
  table: readonly BurnRateWindow[],
  countsForWindow: (windowMs: number) => SliCounts | undefined,
  objectivePercent: number,
  minEvents = 0,
): BurnRateEvaluation {
  const burns = new Map<number, WindowBurn>();
  const burnOver = (windowMs: number): WindowBurn => {
    let burn = burns.get(windowMs);
    if (burn === undefined) {
      const counts = countsForWindow(windowMs);
      burn = counts === undefined ? { kind: 'no-data' } : windowBurn(counts, objectivePercent, minEvents);
      burns.set(windowMs, burn);
    }
    return burn;
  };

  const pairs = table.map((window) =>
    evaluatePair(window, burnOver(window.longWindowMs), burnOver(window.shortWindowMs)),
  );
  const alerts = pairs.flatMap((pair) => {
    const alert = alertOf(pair);
    return alert === undefined ? [] : [alert];
  });
  const firing = new Set(alerts.map((alert) => alert.severity));
  return { pairs, alerts, firingSeverities: SEVERITY_ORDER.filter((severity) => firing.has(severity)) };
}

/** `evaluateBurnRates` with counts from counter samples, over windows ending at `nowMs` (see `sliCountsOverWindow`). */
export function evaluateBurnRatesFromSeries(
  table: readonly BurnRateWindow[],
  sli: SliSeries,
  objectivePercent: number,
  minEvents: number,
  nowMs: number,
): BurnRateEvaluation {
  return evaluateBurnRates(
    table,
    (windowMs) => sliCountsOverWindow(sli, windowMs, nowMs),
    objectivePercent,
    minEvents,
  );
}

function evaluatePair(window: BurnRateWindow, long: WindowBurn, short: WindowBurn): BurnRatePairResult {
  if (long.kind === 'sli-problem' || short.kind === 'sli-problem') {
    const problem =
      long.kind === 'sli-problem' ? long.problem : short.kind === 'sli-problem' ? short.problem : undefined;
    return { window, status: 'sli-problem', long, short, ...(problem === undefined ? {} : { problem }) };
  }
  if (long.kind === 'no-data' || short.kind === 'no-data') {
    return { window, status: 'no-data', long, short };
  }
  if (!long.enoughEvents || !short.enoughEvents) {
    return { window, status: 'too-few-events', long, short };
  }
  const firing = long.burnRate > window.burnRate && short.burnRate > window.burnRate;
  return { window, status: firing ? 'firing' : 'below-threshold', long, short };
}

function alertOf(pair: BurnRatePairResult): BurnRateAlert | undefined {
  const { window, long, short } = pair;
  if (pair.status !== 'firing' || long.kind !== 'burn' || short.kind !== 'burn') {
    return undefined;
  }
  return {
    severity: window.severity,
    threshold: window.burnRate,
    longWindowMs: window.longWindowMs,
    shortWindowMs: window.shortWindowMs,
    longBurnRate: long.burnRate,
    shortBurnRate: short.burnRate,
    longErrorRatio: long.errorRatio,
    shortErrorRatio: short.errorRatio,
    labels: {
      severity: window.severity,
      long_window: formatDuration(window.longWindowMs),
      short_window: formatDuration(window.shortWindowMs),
      burn_rate: String(window.burnRate),
    },
  };
}
