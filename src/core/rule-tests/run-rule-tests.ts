import { evaluateSloRule } from '../evaluation/compile-slo-rule';
import { sloDataFromSelectorData, sloRequests } from '../evaluation/slo-data';
import { AlertState } from '../alerts/alert-state';
import { CompiledRule } from '../evaluation/compiled-rule';
import { RecordedSample, evaluateRecordingRule } from '../evaluation/recording-rule';
import { fingerprint } from '../labels/labels';
import { evaluateRule } from '../evaluation/evaluate-rule';
import { evaluatePromql } from '../promql/evaluate-promql';
import { Labels } from '../model';
import { InvalidLabelRegexError } from '../promql/label-matcher';
import { PromqlEvalError } from '../promql/promql-eval-error';
import { selectorsOf } from '../promql/selectors-of';
import { SourcePosition } from '../rules/yaml-positions';
import { formatDuration } from '../time/duration';
import { AlertTestCase, PromqlTestCase, RuleTestGroup } from './load-rule-test-file';
import { AlertMatch, GotSample, SampleMatch, matchAlerts, matchSamples } from './match-results';
import { RuleTestPlan, SkippedRule } from './prepare-rule-tests';
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
  readonly skipped: readonly SkippedRule[];
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
  return { file: plan.testFile.file, cases, skipped: plan.skipped };
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
  const recorded = new RecordedSeries();
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
  let states: AlertState[][] = plan.rules.map(() => []);
  let next = 0;
  for (let nowMs = 0; nowMs <= maxEvalTimeMs; nowMs += evaluationIntervalMs) {
    const step = evaluateStep(plan.rules, states, inputs, recorded, nowMs);
    if (!step.ok) {
      for (const testCase of alertCases.slice(next)) {
        results.push(alertResult(base(testCase), testCase, nowMs, [], [], step.error));
      }
      next = alertCases.length;
      break;
    }
    states = step.states;
    for (; next < alertCases.length; next += 1) {
      const testCase = alertCases[next];
      if (testCase === undefined || testCase.evalTimeMs >= nowMs + evaluationIntervalMs) {
        break;
      }
      const alerts = alertsNamed(plan.rules, states, testCase.alertname);
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
    results.push(runPromqlCase(base(testCase), testCase, [...inputs, ...recorded.all()], fuzzyCompare));
  }
  return results;
}

/** Series written by recording rules during a test, kept like input series. */
class RecordedSeries {
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

type StepResult = { ok: true; states: AlertState[][] } | { ok: false; error: string };

/**
 * One evaluation of every rule in order, as production runs a group: recording rules write their samples at once,
 * so later rules read them.
 */
function evaluateStep(
  rules: readonly CompiledRule[],
  states: readonly AlertState[][],
  inputs: readonly TestSeries[],
  recorded: RecordedSeries,
  nowMs: number,
): StepResult {
  const next: AlertState[][] = [];
  for (const [index, rule] of rules.entries()) {
    try {
      if (rule.kind === 'slo') {
        const requests = sloRequests(rule, nowMs);
        const data = selectorDataAt(Object.values(requests), [...inputs, ...recorded.all()], nowMs);
        const result = evaluateSloRule(
          rule,
          states[index] ?? [],
          sloDataFromSelectorData(rule, requests, data, nowMs),
          nowMs,
        );
        recorded.add(result.slo.recordings, nowMs);
        next.push(result.alerts.alerts);
        continue;
      }
      const data = selectorDataAt(rule.selectors, [...inputs, ...recorded.all()], nowMs);
      if (rule.kind === 'recording') {
        recorded.add(evaluateRecordingRule(rule, data, nowMs), nowMs);
        next.push([]);
      } else {
        next.push(evaluateRule(rule, states[index] ?? [], data, nowMs).alerts);
      }
    } catch (error) {
      if (error instanceof PromqlEvalError || error instanceof InvalidLabelRegexError) {
        const where = `rule ${rule.rule.name} (group ${rule.group.name}) at ${formatDuration(nowMs)}`;
        return { ok: false, error: `evaluating ${where}: ${error.message}` };
      }
      throw error;
    }
  }
  return { ok: true, states: next };
}

function alertsNamed(
  rules: readonly CompiledRule[],
  states: readonly AlertState[][],
  alertname: string,
): AlertState[] {
  return rules.flatMap((rule, index) =>
    rule.kind !== 'recording' && rule.rule.name === alertname ? (states[index] ?? []) : [],
  );
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
