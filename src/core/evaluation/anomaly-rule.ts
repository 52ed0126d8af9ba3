import { createHash } from 'node:crypto';
import { AlertState } from '../alerts/alert-state';
import { AlertRuleEvaluation, alertLabels, evaluateAlertRule } from '../alerts/evaluate-alert-rule';
import { DetectorOptions, DetectorResult, DetectorState, createDetector } from '../detectors/detector';
import { STATE_FORMAT } from '../detectors/streaming-detector';
import { fingerprint } from '../labels/labels';
import { Labels, VectorElement } from '../model';
import { SelectorData } from '../promql/evaluate-promql';
import { alignedStart, evaluateOverRange } from '../promql/evaluate-over-range';
import { PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { AnomalyRule, RuleGroup } from '../rules/rule-file.schema';
import { TimeSpan } from '../routing/interval-ranges';
import { AnnotationRenderer, compileAnnotations } from './compile-annotations';
import { generatedAnnotationsSpec } from './generated-annotations-spec';

/**
 * `kind: anomaly`: a streaming detector per series of the rule's `series`, fed one point per group interval. The
 * detector's state is kept between evaluations (the worker stores it); a series without state learns from history
 * first (`min_history`, so it can alert from the first evaluation), and a rule whose detector settings change starts
 * learning again. A series is anomalous when the detector says so for the point at the evaluation time.
 */

/** A backfill evaluates at most this many points; longer histories are sampled more coarsely. */
export const MAX_BACKFILL_POINTS = 5000;

/** The learned state of one series of an anomaly rule. */
export interface DetectorSeriesState {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly lastTsMs: number;
  readonly configHash: string;
  readonly state: DetectorState;
}

export interface CompiledAnomalyRule {
  readonly kind: 'anomaly';
  readonly group: RuleGroup;
  readonly rule: AnomalyRule;
  readonly expr: PromqlExpr;
  readonly selectors: readonly SelectorRequest[];
  readonly options: DetectorOptions;
  /** Changes when anything that shapes the learned state changes; stored state with another hash is discarded. */
  readonly configHash: string;
  readonly renderUserAnnotations: AnnotationRenderer;
}

export function compileAnomalyRule(group: RuleGroup, rule: AnomalyRule): CompiledAnomalyRule {
  const expr = parsePromql(rule.series);
  const options: DetectorOptions = {
    sensitivity: rule.sensitivity,
    minDeviation: rule.minDeviation,
    direction: rule.direction,
    minHistoryMs: rule.minHistoryMs,
  };
  const configHash = createHash('sha256')
    .update(
      JSON.stringify({
        series: rule.series,
        detector: rule.detector,
        options,
        step: group.intervalMs,
        // A new state format means learning again, from the stored history (a backfill), not from scratch.
        format: STATE_FORMAT,
      }),
    )
    .digest('hex')
    .slice(0, 16);
  return {
    kind: 'anomaly',
    group,
    rule,
    expr,
    selectors: selectorsOf(expr),
    options,
    configHash,
    renderUserAnnotations: compileAnnotations(group, rule.name, rule.annotations),
  };
}

/** How far back an evaluation reads: since the oldest stored point, or the whole `min_history` when learning anew. */
export function anomalyReadSpanMs(
  compiled: CompiledAnomalyRule,
  states: readonly DetectorSeriesState[],
  nowMs: number,
): number {
  const backfillMs = compiled.rule.minHistoryMs + compiled.group.intervalMs;
  const current = states.filter((entry) => entry.configHash === compiled.configHash);
  if (current.length === 0) {
    return backfillMs;
  }
  const oldest = Math.min(...current.map((entry) => entry.lastTsMs));
  return Math.min(backfillMs, Math.max(compiled.group.intervalMs, nowMs - oldest));
}

/** The selectors to read for a span: the expression's own, with the span added (keys unchanged). */
export function anomalySelectors(compiled: CompiledAnomalyRule, spanMs: number): SelectorRequest[] {
  return compiled.selectors.map((request) => ({ ...request, rangeMs: request.rangeMs + spanMs }));
}

const format = (value: number): string =>
  Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);

export function anomalyAnnotations(result: DetectorResult | undefined): Labels {
  if (result === undefined) {
    return {};
  }
  return {
    summary: result.reason,
    expected: format(result.expected),
    lower: format(result.lower),
    upper: format(result.upper),
    score: format(result.score),
  };
}

export interface AnomalyRuleEvaluation {
  readonly alerts: AlertRuleEvaluation;
  /** The state of every series seen now, to store. */
  readonly states: DetectorSeriesState[];
  /** The detector's verdict on each series' point at the evaluation time. */
  readonly results: ReadonlyArray<{ readonly labels: Labels; readonly result: DetectorResult }>;
}

export function evaluateAnomalyRule(
  compiled: CompiledAnomalyRule,
  previous: readonly AlertState[],
  stored: readonly DetectorSeriesState[],
  data: SelectorData,
  spanMs: number,
  nowMs: number,
  /** Stretches not to learn from (the rule's `exclude:` intervals); their points are still judged. */
  notLearned: readonly TimeSpan[] = [],
): AnomalyRuleEvaluation {
  const { rule, group } = compiled;
  const detector = createDetector(rule.detector, compiled.options);
  const stepMs = Math.max(group.intervalMs, Math.ceil(spanMs / MAX_BACKFILL_POINTS));
  const series = evaluateOverRange(compiled.expr, data, alignedStart(nowMs, spanMs, stepMs), nowMs, stepMs);
  const byFingerprint = new Map(
    stored
      .filter((entry) => entry.configHash === compiled.configHash)
      .map((entry) => [entry.fingerprint, entry]),
  );
  const labels = { ...group.labels, ...rule.labels };
  const states: DetectorSeriesState[] = [];
  const results: Array<{ labels: Labels; result: DetectorResult }> = [];
  const byAlert = new Map<string, DetectorResult>();
  const present: VectorElement[] = [];
  const breaching: VectorElement[] = [];
  for (const [key, { labels: seriesLabels, points }] of series) {
    const prior = byFingerprint.get(key);
    const state = prior?.state ?? detector.initialState();
    const lastTsMs = prior?.lastTsMs ?? -Infinity;
    let latest: DetectorResult | undefined;
    let newest = lastTsMs;
    for (const [ts, value] of points) {
      if (ts > lastTsMs && Number.isFinite(value)) {
        const learn = !notLearned.some((span) => ts >= span.startMs && ts < span.endMs);
        const result = detector.update(state, ts, value, learn);
        newest = ts;
        if (ts === nowMs) {
          latest = result;
        }
      }
    }
    if (Number.isFinite(newest)) {
      states.push({
        fingerprint: key,
        labels: seriesLabels,
        lastTsMs: newest,
        configHash: compiled.configHash,
        state,
      });
    }
    if (latest === undefined) {
      continue;
    }
    const value = points[points.length - 1]?.[1] ?? NaN;
    results.push({ labels: seriesLabels, result: latest });
    byAlert.set(fingerprint(alertLabels({ name: rule.name, labels }, seriesLabels)), latest);
    const element = { labels: seriesLabels, value };
    present.push(element);
    if (latest.anomalous) {
      breaching.push(element);
    }
  }
  // Series not seen now keep their state, so a gap does not throw away what was learned.
  for (const entry of byFingerprint.values()) {
    if (!series.has(entry.fingerprint)) {
      states.push(entry);
    }
  }
  const spec = generatedAnnotationsSpec(
    rule,
    labels,
    (alertLabels) => anomalyAnnotations(byAlert.get(fingerprint(alertLabels))),
    compiled.renderUserAnnotations,
  );
  return { alerts: evaluateAlertRule(spec, previous, { breaching, present }, nowMs), states, results };
}
