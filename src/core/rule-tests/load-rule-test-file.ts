import { fingerprint, formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { PromqlExpr } from '../promql/promql-ast';
import { PositionedProblem, parseRuleYaml } from '../rules/parse-rule-yaml';
import { RuleProblem, sortRuleProblems } from '../rules/rule-problem';
import { ruleFileErrorMap, schemaProblems } from '../rules/schema-problems';
import { SourcePosition, YamlLocator } from '../rules/yaml-positions';
import { formatDuration } from '../time/duration';
import { SeriesValue } from './expand-series-notation';
import {
  DEFAULT_EVALUATION_INTERVAL_MS,
  ParsedRuleTestFileData,
  ruleTestFileSchema,
} from './rule-test-file.schema';

/** A parsed rule unit-test file, with the source positions that later checks and failure reports point at. */
export interface RuleTestFile {
  readonly file: string;
  /** As written, relative to the test file's folder; the caller resolves and reads them. */
  readonly ruleFiles: ReadonlyArray<{ readonly path: string; readonly at: SourcePosition }>;
  readonly evaluationIntervalMs: number;
  /** Where `evaluation_interval` is written; undefined when it is left at the default. */
  readonly evaluationIntervalAt?: SourcePosition;
  readonly groupEvalOrder: ReadonlyArray<{ readonly name: string; readonly at: SourcePosition }>;
  readonly fuzzyCompare: boolean;
  readonly tests: readonly RuleTestGroup[];
}

export interface RuleTestGroup {
  readonly name?: string;
  readonly at: SourcePosition;
  /** Spacing of input samples. */
  readonly intervalMs: number;
  readonly series: readonly InputSeries[];
  readonly alertCases: readonly AlertTestCase[];
  readonly promqlCases: readonly PromqlTestCase[];
}

export interface InputSeries {
  readonly labels: Labels;
  readonly values: readonly SeriesValue[];
}

export interface ExpectedAlert {
  /** Including `alertname`, as promtool adds it. */
  readonly labels: Labels;
  /** Compared only when given. */
  readonly annotations?: Labels;
}

export interface AlertTestCase {
  readonly at: SourcePosition;
  readonly alertname: string;
  readonly alertnameAt: SourcePosition;
  readonly evalTimeMs: number;
  readonly evalTimeAt: SourcePosition;
  readonly expected: readonly ExpectedAlert[];
}

export interface ExpectedSample {
  readonly labels: Labels;
  readonly value: number;
}

export interface PromqlTestCase {
  readonly at: SourcePosition;
  readonly exprText: string;
  readonly expr: PromqlExpr;
  readonly evalTimeMs: number;
  readonly evalTimeAt: SourcePosition;
  readonly expected: readonly ExpectedSample[];
}

export type LoadedRuleTestFile =
  | { readonly ok: true; readonly testFile: RuleTestFile; readonly problems: RuleProblem[] }
  | { readonly ok: false; readonly problems: RuleProblem[] };

/** Most evaluation steps one test may need (max eval_time / evaluation_interval), so a typo cannot hang the run. */
export const MAX_EVALUATION_STEPS = 100_000;

/** Parses and validates a test file. Pure: the caller reads the file and, afterwards, the rule files it names. */
export function loadRuleTestFile(file: string, text: string): LoadedRuleTestFile {
  const withFile = (problem: PositionedProblem): RuleProblem => ({ file, ...problem });
  const yaml = parseRuleYaml(text);
  if (!yaml.ok) {
    return { ok: false, problems: yaml.problems.map((problem) => withFile(renameEmptyFile(problem))) };
  }
  const parsed = ruleTestFileSchema.safeParse(yaml.data, { error: ruleFileErrorMap });
  if (!parsed.success) {
    const problems = [...yaml.problems, ...schemaProblems(parsed.error.issues, yaml.data, yaml.locator)];
    return { ok: false, problems: sortRuleProblems(problems.map(withFile)) };
  }
  const testFile = withPositions(file, parsed.data, yaml.locator);
  const problems = sortRuleProblems([...yaml.problems, ...fileChecks(testFile, yaml.locator)].map(withFile));
  return problems.some((problem) => problem.severity === 'error')
    ? { ok: false, problems }
    : { ok: true, testFile, problems };
}

function renameEmptyFile(problem: PositionedProblem): PositionedProblem {
  return problem.message.startsWith('file is empty')
    ? { ...problem, message: 'file is empty; expected "rule_files:" and "tests:"' }
    : problem;
}

function withPositions(file: string, data: ParsedRuleTestFileData, locator: YamlLocator): RuleTestFile {
  const evaluationIntervalMs = data.evaluation_interval ?? DEFAULT_EVALUATION_INTERVAL_MS;
  return {
    file,
    ruleFiles: data.rule_files.map((path, index) => ({ path, at: locator.value(['rule_files', index]) })),
    evaluationIntervalMs,
    ...(data.evaluation_interval === undefined
      ? {}
      : { evaluationIntervalAt: locator.value(['evaluation_interval']) }),
    groupEvalOrder: data.group_eval_order.map((name, index) => ({
      name,
      at: locator.value(['group_eval_order', index]),
    })),
    fuzzyCompare: data.fuzzy_compare ?? false,
    tests: data.tests.map((test, testIndex): RuleTestGroup => {
      const path = ['tests', testIndex];
      return {
        ...(test.name === undefined ? {} : { name: test.name }),
        at: locator.value(path),
        intervalMs: test.interval ?? evaluationIntervalMs,
        series: test.input_series.map((entry) => ({ labels: entry.series, values: entry.values })),
        alertCases: test.alert_rule_test.map((entry, index): AlertTestCase => {
          const at = [...path, 'alert_rule_test', index];
          return {
            at: locator.value(at),
            alertname: entry.alertname,
            alertnameAt: locator.value([...at, 'alertname']),
            evalTimeMs: entry.eval_time,
            evalTimeAt: locator.value([...at, 'eval_time']),
            expected: entry.exp_alerts.map((alert) => ({
              labels: { ...(alert.exp_labels ?? {}), alertname: entry.alertname },
              ...(alert.exp_annotations === undefined || alert.exp_annotations === null
                ? {}
                : { annotations: alert.exp_annotations }),
            })),
          };
        }),
        promqlCases: test.promql_expr_test.map((entry, index): PromqlTestCase => {
          const at = [...path, 'promql_expr_test', index];
          return {
            at: locator.value(at),
            exprText: entry.expr.text,
            expr: entry.expr.expr,
            evalTimeMs: entry.eval_time,
            evalTimeAt: locator.value([...at, 'eval_time']),
            expected: entry.exp_samples,
          };
        }),
      };
    }),
  };
}

/** Checks across entries: duplicate input series, duplicate group names in the order, runaway evaluation counts. */
function fileChecks(testFile: RuleTestFile, locator: YamlLocator): PositionedProblem[] {
  const problems: PositionedProblem[] = [];
  const error = (at: SourcePosition, message: string) => problems.push({ ...at, severity: 'error', message });

  const ordered = new Map<string, number>();
  for (const { name, at } of testFile.groupEvalOrder) {
    const first = ordered.get(name);
    if (first !== undefined) {
      error(at, `group_eval_order: group "${name}" is listed twice (first at line ${first})`);
    }
    ordered.set(name, first ?? at.line);
  }

  for (const [testIndex, test] of testFile.tests.entries()) {
    const seen = new Map<string, number>();
    for (const [index, series] of test.series.entries()) {
      const id = fingerprint(series.labels);
      const at = locator.value(['tests', testIndex, 'input_series', index, 'series']);
      const first = seen.get(id);
      if (first !== undefined) {
        error(at, `series: ${formatLabels(series.labels)} is already given at line ${first}; merge the two`);
      }
      seen.set(id, first ?? at.line);
    }
    for (const testCase of [...test.alertCases, ...test.promqlCases]) {
      const steps = Math.floor(testCase.evalTimeMs / testFile.evaluationIntervalMs);
      if (steps > MAX_EVALUATION_STEPS) {
        error(
          testCase.evalTimeAt,
          `eval_time: ${formatDuration(testCase.evalTimeMs)} needs ${steps} evaluations at evaluation_interval ` +
            `${formatDuration(testFile.evaluationIntervalMs)}; at most ${MAX_EVALUATION_STEPS} are allowed`,
        );
      }
    }
  }
  return problems;
}
