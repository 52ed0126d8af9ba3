import { evaluatePromql } from '../promql/evaluate-promql';
import { Labels } from '../model';
import { InvalidLabelRegexError } from '../promql/label-matcher';
import { PromqlEvalError } from '../promql/promql-eval-error';
import { selectorsOf } from '../promql/selectors-of';
import { SourcePosition } from '../rules/yaml-positions';
import { AlertTestCase, PromqlTestCase, RuleTestGroup } from './load-rule-test-file';
import { AlertMatch, GotSample, SampleMatch, matchAlerts, matchSamples } from './match-results';
import { RuleTestPlan } from './prepare-rule-tests';
import { RuleStepper } from './rule-stepper';
import { TestSeries, selectorDataAt, toTestSeries } from './selector-data';

interface CaseResultBase {
  readonly file: string;
  /** Where the `alert_rule_test` or `promql_expr_test` entry is written. */
  readonly at: SourcePosition;
  /** The `name` of the test the case belongs to, if it has one. */
  readonly testName?: string;
  readonly evalTimeMs: number;
  readonly passed: boolean;
  /** Set when evaluation failed; the case then has no matches. */
  readonly error?: string;
}

export interface AlertCaseResult extends CaseResultBase {
  readonly kind: 'alert';
  readonly alertname: string;
  /** The evaluation whose alerts were compared: the last one at or before `evalTimeMs`, as in promtool. */
  readonly evaluatedAtMs: number;
  readonly matches: readonly AlertMatch[];
  /** Alerts of the alertname that are pending (breaching, but not for long enough), to explain missing ones. */
  readonly pending: readonly PendingAlert[];
}

export interface PendingAlert {
  readonly labels: Labels;
  readonly activeAtMs: number;
}

export interface PromqlCaseResult extends CaseResultBase {
  readonly kind: 'promql';
  readonly expr: string;
  readonly matches: readonly SampleMatch[];
}

export type RuleTestCaseResult = AlertCaseResult | PromqlCaseResult;

export interface RuleTestFileResult {
  readonly file: string;
  /** In file order. */
  readonly cases: readonly RuleTestCaseResult[];
}

/**
 * Runs every test of a prepared test file, promtool's way: per test, the rules are evaluated at 0,
 * evaluation_interval, 2·evaluation_interval, … up to the largest eval_time, each step with `evaluateRule` (the
 * production step) on data cut from the input series as the store would return it, alert state carried from step
 * to step. An alert case compares the firing alerts of its alertname after the last evaluation at or before its
 * eval_time; a PromQL case evaluates its expression at exactly its eval_time.
 */
export function runRuleTests(plan: RuleTestPlan): RuleTestFileResult {
  const cases = plan.testFile.tests.flatMap((test) => runTestGroup(plan, test));
  cases.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  return { file: plan.testFile.file, cases };
}

function runTestGroup(plan: RuleTestPlan, test: RuleTestGroup): RuleTestCaseResult[] {
  const { file, evaluationIntervalMs, fuzzyCompare } = plan.testFile;
  const base = (testCase: { at: SourcePosition; evalTimeMs: number }) => ({
    file,
    at: testCase.at,
    ...(test.name === undefined ? {} : { testName: test.name }),
    evalTimeMs: testCase.evalTimeMs,
  });
  const inputs = test.series.map((input) => toTestSeries(input, test.intervalMs));
  const stepper = new RuleStepper(plan.rules);
  const results: RuleTestCaseResult[] = [];

  const alertCases = [...test.alertCases].sort((a, b) => a.evalTimeMs - b.evalTimeMs);
  // Evaluate up to the last eval_time of either kind of case: PromQL cases read what recording rules wrote.
  const maxEvalTimeMs = Math.max(
    0,
    ...alertCases.map((testCase) => testCase.evalTimeMs),
    ...(plan.rules.some((rule) => rule.kind === 'recording')
      ? test.promqlCases.map((testCase) => testCase.evalTimeMs)
      : []),
  );
  let next = 0;
  for (let nowMs = 0; nowMs <= maxEvalTimeMs; nowMs += evaluationIntervalMs) {
    const step = stepper.step(inputs, nowMs);
    if (!step.ok) {
      for (const testCase of alertCases.slice(next)) {
        results.push(alertResult(base(testCase), testCase, nowMs, [], [], step.error));
      }
      next = alertCases.length;
      break;
    }
    for (; next < alertCases.length; next += 1) {
      const testCase = alertCases[next];
      if (testCase === undefined || testCase.evalTimeMs >= nowMs + evaluationIntervalMs) {
        break;
      }
      const alerts = stepper.alertsNamed(testCase.alertname);
      const got = alerts
        .filter((alert) => alert.status === 'firing')
        .map((alert) => ({ labels: alert.labels, annotations: alert.annotations }));
      const pending = alerts
        .filter((alert) => alert.status === 'pending')
        .map((alert) => ({ labels: alert.labels, activeAtMs: alert.activeAtMs }));
      results.push(
        alertResult(base(testCase), testCase, nowMs, matchAlerts(testCase.expected, got), pending),
      );
    }
  }

  for (const testCase of test.promqlCases) {
    results.push(
      runPromqlCase(base(testCase), testCase, [...inputs, ...stepper.recorded.all()], fuzzyCompare),
    );
  }
  return results;
}

function alertResult(
  base: Omit<CaseResultBase, 'passed' | 'error'>,
  testCase: AlertTestCase,
  evaluatedAtMs: number,
  matches: AlertMatch[],
  pending: PendingAlert[],
  error?: string,
): AlertCaseResult {
  return {
    ...base,
    kind: 'alert',
    alertname: testCase.alertname,
    evaluatedAtMs,
    passed: error === undefined && matches.every((match) => match.kind === 'match'),
    ...(error === undefined ? {} : { error }),
    matches,
    pending,
  };
}

function runPromqlCase(
  base: Omit<CaseResultBase, 'passed' | 'error'>,
  testCase: PromqlTestCase,
  series: readonly TestSeries[],
  fuzzyCompare: boolean,
): PromqlCaseResult {
  const result = { ...base, kind: 'promql' as const, expr: testCase.exprText };
  let got: GotSample[];
  try {
    const data = selectorDataAt(selectorsOf(testCase.expr), series, testCase.evalTimeMs);
    const value = evaluatePromql(testCase.expr, data, testCase.evalTimeMs);
    got = value.type === 'scalar' ? [{ labels: {}, value: value.value }] : value.elements;
  } catch (error) {
    if (error instanceof PromqlEvalError || error instanceof InvalidLabelRegexError) {
      return { ...result, passed: false, error: `evaluating the expression: ${error.message}`, matches: [] };
    }
    throw error;
  }
  const matches = matchSamples(testCase.expected, got, fuzzyCompare);
  return { ...result, passed: matches.every((match) => match.kind === 'match'), matches };
}
