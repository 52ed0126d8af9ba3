import { CompiledRule } from '../evaluation/compiled-rule';
import { sloReadSpanMs, SLO_TREND_MS, sloRequests } from '../evaluation/slo-data';
import { Labels } from '../model';
import { LOOKBACK_MS } from '../promql/lookback';
import { SelectorRequest } from '../promql/selectors-of';
import { RuleStepper } from '../rule-tests/rule-stepper';
import { TestSeries } from '../rule-tests/selector-data';

/**
 * `forewarn backtest`: a rule group replayed over stored data, evaluation by evaluation, with the same pure
 * evaluation as production and `rules test`; every would-be fire and resolve of the chosen rule, and, given when an
 * incident started, how long before (or after) it the rule first fired.
 */

export interface BacktestEvent {
  readonly atMs: number;
  readonly kind: 'firing' | 'resolved';
  readonly labels: Labels;
  readonly value: number;
  readonly summary?: string;
}

export interface BacktestResult {
  readonly rule: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly evaluations: number;
  readonly events: readonly BacktestEvent[];
  /** Incident start minus the first firing at or after `fromMs`; negative when the rule fired after the start. */
  readonly leadTimeMs?: number;
  readonly detected?: boolean;
  readonly error?: string;
}

export interface BacktestOptions {
  readonly rule: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly incidentStartMs?: number;
  /** Called after each evaluation (progress for long replays). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * What to read to replay `rules` from `fromMs` to `toMs`: every selector the rules read, with its span widened so
 * the first evaluation sees all it needs (lookbacks, SLO windows, anomaly backfill) and the last sees `toMs`.
 */
export function backtestRequests(
  rules: readonly CompiledRule[],
  fromMs: number,
  toMs: number,
): SelectorRequest[] {
  const replayMs = toMs - fromMs;
  const widen = (request: SelectorRequest, extraMs: number): SelectorRequest => ({
    ...request,
    key: `${request.key} backtest`,
    rangeMs: Math.max(request.rangeMs, LOOKBACK_MS) + extraMs + replayMs,
  });
  return rules.flatMap((rule) => {
    switch (rule.kind) {
      case 'slo': {
        const requests = sloRequests(rule, fromMs);
        return [requests.total, requests.part].map((request) =>
          widen({ ...request, rangeMs: sloReadSpanMs(rule, fromMs) }, SLO_TREND_MS),
        );
      }
      case 'anomaly':
        return rule.selectors.map((request) =>
          widen(request, rule.rule.minHistoryMs + rule.group.intervalMs),
        );
      default:
        return rule.selectors.map((request) => widen(request, 0));
    }
  });
}

export function backtest(
  rules: readonly CompiledRule[],
  series: readonly TestSeries[],
  options: BacktestOptions,
): BacktestResult {
  const { rule, fromMs, toMs, stepMs } = options;
  if (!rules.some((candidate) => candidate.kind !== 'recording' && candidate.rule.name === rule)) {
    throw new Error(`no alerting rule named "${rule}" in the group`);
  }
  const stepper = new RuleStepper(rules);
  const events: BacktestEvent[] = [];
  const total = Math.floor((toMs - fromMs) / stepMs) + 1;
  let evaluations = 0;
  let error: string | undefined;
  for (let nowMs = fromMs; nowMs <= toMs; nowMs += stepMs) {
    const step = stepper.step(series, nowMs);
    evaluations += 1;
    if (!step.ok) {
      error = step.error;
      break;
    }
    for (const { rule: compiled, transition } of step.transitions) {
      if (compiled.rule.name !== rule) {
        continue;
      }
      const { alert } = transition;
      events.push({
        atMs: nowMs,
        kind: transition.kind,
        labels: alert.labels,
        value: alert.value,
        ...(alert.annotations.summary === undefined ? {} : { summary: alert.annotations.summary }),
      });
    }
    options.onProgress?.(evaluations, total);
  }
  const firstFiring = events.find((event) => event.kind === 'firing');
  const incident =
    options.incidentStartMs === undefined
      ? {}
      : {
          detected: firstFiring !== undefined,
          ...(firstFiring === undefined ? {} : { leadTimeMs: options.incidentStartMs - firstFiring.atMs }),
        };
  return {
    rule,
    fromMs,
    toMs,
    stepMs,
    evaluations,
    events,
    ...incident,
    ...(error === undefined ? {} : { error }),
  };
}
