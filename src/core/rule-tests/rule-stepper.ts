import { AlertState, AlertTransition } from '../alerts/alert-state';
import { AlertRuleEvaluation } from '../alerts/evaluate-alert-rule';
import {
  DetectorSeriesState,
  anomalyReadSpanMs,
  anomalySelectors,
  evaluateAnomalyRule,
} from '../evaluation/anomaly-rule';
import { evaluateSloRule } from '../evaluation/compile-slo-rule';
import { CompiledRule } from '../evaluation/compiled-rule';
import { evaluateRule } from '../evaluation/evaluate-rule';
import { evaluateForecastRule } from '../evaluation/forecast-rule';
import { RecordedSample, evaluateRecordingRule } from '../evaluation/recording-rule';
import { sloDataFromSelectorData, sloRequests } from '../evaluation/slo-data';
import { fingerprint } from '../labels/labels';
import { Labels } from '../model';
import { InvalidLabelRegexError } from '../promql/label-matcher';
import { PromqlEvalError } from '../promql/promql-eval-error';
import { formatDuration } from '../time/duration';
import { TestSeries, selectorDataAt } from './selector-data';

/** Series written by recording rules (and SLOs) during a run, kept like input series. */
export class RecordedSeries {
  private readonly byFingerprint = new Map<string, { labels: Labels; times: number[]; values: number[] }>();

  add(samples: readonly RecordedSample[], nowMs: number): void {
    for (const { labels, value } of samples) {
      const key = fingerprint(labels);
      let entry = this.byFingerprint.get(key);
      if (entry === undefined) {
        entry = { labels, times: [], values: [] };
        this.byFingerprint.set(key, entry);
      }
      entry.times.push(nowMs);
      entry.values.push(value);
    }
  }

  all(): TestSeries[] {
    return [...this.byFingerprint.values()];
  }
}

export type StepResult =
  | {
      readonly ok: true;
      readonly transitions: ReadonlyArray<{ rule: CompiledRule; transition: AlertTransition }>;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Runs rules over in-memory series one evaluation at a time, as production runs a group: recording rules (and SLOs)
 * write their samples at once, so later rules read them; alert state and anomaly detectors' state carry over from
 * step to step. `rules test` and `forewarn backtest` share it.
 */
export class RuleStepper {
  private states: AlertState[][];
  private readonly detectors = new Map<number, DetectorSeriesState[]>();
  readonly recorded = new RecordedSeries();

  constructor(readonly rules: readonly CompiledRule[]) {
    this.states = rules.map(() => []);
  }

  /** The alerts of the alerting rules named `alertname`, as the last step left them. */
  alertsNamed(alertname: string): AlertState[] {
    return this.rules.flatMap((rule, index) =>
      rule.kind !== 'recording' && rule.rule.name === alertname ? (this.states[index] ?? []) : [],
    );
  }

  step(inputs: readonly TestSeries[], nowMs: number): StepResult {
    const next: AlertState[][] = [];
    const transitions: Array<{ rule: CompiledRule; transition: AlertTransition }> = [];
    for (const [index, rule] of this.rules.entries()) {
      try {
        const evaluation = this.evaluate(index, rule, [...inputs, ...this.recorded.all()], nowMs);
        next.push(evaluation?.alerts ?? []);
        transitions.push(...(evaluation?.transitions ?? []).map((transition) => ({ rule, transition })));
      } catch (error) {
        if (error instanceof PromqlEvalError || error instanceof InvalidLabelRegexError) {
          const where = `rule ${rule.rule.name} (group ${rule.group.name}) at ${formatDuration(nowMs)}`;
          return { ok: false, error: `evaluating ${where}: ${error.message}` };
        }
        throw error;
      }
    }
    this.states = next;
    return { ok: true, transitions };
  }

  /** One rule at one time; undefined for a recording rule (it writes samples, not alerts). */
  private evaluate(
    index: number,
    rule: CompiledRule,
    series: readonly TestSeries[],
    nowMs: number,
  ): AlertRuleEvaluation | undefined {
    const previous = this.states[index] ?? [];
    switch (rule.kind) {
      case 'slo': {
        const requests = sloRequests(rule, nowMs);
        const data = selectorDataAt(Object.values(requests), series, nowMs);
        const result = evaluateSloRule(
          rule,
          previous,
          sloDataFromSelectorData(rule, requests, data, nowMs),
          nowMs,
        );
        this.recorded.add(result.slo.recordings, nowMs);
        return result.alerts;
      }
      case 'anomaly': {
        const stored = this.detectors.get(index) ?? [];
        const spanMs = anomalyReadSpanMs(rule, stored, nowMs);
        const data = selectorDataAt(anomalySelectors(rule, spanMs), series, nowMs);
        const result = evaluateAnomalyRule(rule, previous, stored, data, spanMs, nowMs);
        this.detectors.set(index, result.states);
        return result.alerts;
      }
      case 'forecast':
        return evaluateForecastRule(rule, previous, selectorDataAt(rule.selectors, series, nowMs), nowMs)
          .alerts;
      case 'threshold':
        return evaluateRule(rule, previous, selectorDataAt(rule.selectors, series, nowMs), nowMs);
      case 'recording':
        this.recorded.add(
          evaluateRecordingRule(rule, selectorDataAt(rule.selectors, series, nowMs), nowMs),
          nowMs,
        );
        return undefined;
    }
  }
}
