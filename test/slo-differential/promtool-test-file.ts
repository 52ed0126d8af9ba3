import { stringify } from 'yaml';
import { Labels } from 'src/core/model';
import { formatMatchers, formatNumber } from 'src/core/promql/format-promql';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { errorRatioMetric } from 'src/core/slo/prometheus-rules';
import { formatDuration } from 'src/core/time/duration';
import { CounterSeries, promtoolValues } from './counter-series';
import { Expectation } from './forewarn-expectations';

/**
 * A promtool unit-test file (`promtool test rules`) that asserts forewarn's numbers against Prometheus: at every
 * expected time, the burn rate of every window (`promql_expr_test`) and the alerts that fire (`alert_rule_test`).
 *
 * promtool 2.42 compares sample values exactly, bit for bit. forewarn divides increases (`bad / total`) where
 * Prometheus divides rates (`(bad / range) / (total / range)`), which may differ in the last bits, so each burn
 * rate is asserted with a relative tolerance: the expression yields forewarn's value itself when Prometheus's is
 * within the tolerance of it (`p + (f - p)` is exactly `f` for numbers that close), and Prometheus's own value
 * otherwise, which promtool then reports next to forewarn's. Values are written as the shortest decimal that reads
 * back as the same double, so promtool sees forewarn's value exactly.
 */

export const RELATIVE_TOLERANCE = 1e-9;

export interface PromtoolTest {
  readonly name: string;
  readonly rulesFile: string;
  readonly evaluationIntervalMs: number;
  readonly resolutionMs: number;
  readonly series: readonly CounterSeries[];
  /** Labels of the recorded ratios of the SLO. */
  readonly identity: Labels;
  readonly errorBudget: number;
  readonly alertName: string;
  /** Labels every alert has besides forewarn's burn-rate labels: the ratios' labels and the rule's. */
  readonly alertLabels: Labels;
  readonly expectations: readonly Expectation[];
}

export function promtoolTestFile(test: PromtoolTest): string {
  const identity = formatMatchers(matchersOf(test.identity));
  const burnRate = (windowMs: number) =>
    `(${errorRatioMetric(windowMs)}${identity} / ${formatNumber(test.errorBudget)})`;
  const promqlTests = test.expectations.flatMap(({ atMs, windows }) =>
    windows.map(({ windowMs, burnRate: expected }) => ({
      expr: expected === undefined ? burnRate(windowMs) : within(burnRate(windowMs), expected),
      eval_time: formatDuration(atMs),
      exp_samples: expected === undefined ? [] : [{ labels: identity, value: expected }],
    })),
  );
  const alertTests = test.expectations.map(({ atMs, alerts }) => ({
    eval_time: formatDuration(atMs),
    alertname: test.alertName,
    exp_alerts: alerts.map((labels) => ({ exp_labels: { ...test.alertLabels, ...labels } })),
  }));
  const file = {
    rule_files: [test.rulesFile],
    evaluation_interval: formatDuration(test.evaluationIntervalMs),
    tests: [
      {
        name: test.name,
        interval: formatDuration(test.resolutionMs),
        input_series: test.series.map((series) => ({
          series: formatMatchers(matchersOf(series.labels), series.metric),
          values: promtoolValues(series),
        })),
        promql_expr_test: promqlTests,
        alert_rule_test: alertTests,
      },
    ],
  };
  return stringify(file, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** `actual`, snapped to `expected` when within the relative tolerance of it. */
function within(actual: string, expected: number): string {
  const value = formatNumber(expected);
  const tolerance = formatNumber(RELATIVE_TOLERANCE * Math.abs(expected));
  return `${actual} + (${value} - ${actual}) * (abs(${actual} - ${value}) <= bool ${tolerance})`;
}

function matchersOf(labels: Labels): LabelMatcher[] {
  return Object.entries(labels).map(([name, value]) => ({ name, op: '=', value }));
}
