import { CompiledRule } from '../evaluation/compiled-rule';
import { compileRule } from '../evaluation/compile-rule';
import { RuleFileSource, loadRuleFiles } from '../rules/load-rule-file';
import { RuleGroup } from '../rules/rule-file.schema';
import { RuleProblem, sortRuleProblems } from '../rules/rule-problem';
import { SourcePosition } from '../rules/yaml-positions';
import { didYouMean } from '../templates/did-you-mean';
import { formatDuration } from '../time/duration';
import { RuleTestFile } from './load-rule-test-file';

/** Everything needed to run one test file: its rules loaded, ordered and compiled. */
export interface RuleTestPlan {
  readonly testFile: RuleTestFile;
  /**
   * Threshold and recording rules, in evaluation order: groups by `group_eval_order`, then file order; rules in
   * file order.
   */
  readonly rules: readonly CompiledRule[];
  /** Rules of kinds that `rules test` cannot evaluate yet; they are left out. */
}

/** A rule file to load, and where the test file names it (for messages). */
export interface RuleTestSource extends RuleFileSource {
  readonly at?: SourcePosition;
}

export type PreparedRuleTests =
  | { readonly ok: true; readonly plan: RuleTestPlan; readonly problems: RuleProblem[] }
  | { readonly ok: false; readonly problems: RuleProblem[] };

/**
 * Loads the rule files a test file names (already read by the caller) and checks the test file against them:
 * every `alertname` must be an alerting rule that can be evaluated, every `group_eval_order` name a group.
 * Problems in rule files point into the rule files; all others into the test file.
 */
export function prepareRuleTests(
  testFile: RuleTestFile,
  ruleSources: readonly RuleTestSource[],
): PreparedRuleTests {
  const loaded = loadRuleFiles(ruleSources);
  const ruleFileErrors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (ruleFileErrors.length > 0) {
    // Say which test file needs the broken rule files, at the entry that names each one.
    const references = ruleSources.flatMap(({ file, at }): RuleProblem[] => {
      const count = ruleFileErrors.filter((problem) => problem.file === file).length;
      if (count === 0 || at === undefined) {
        return [];
      }
      const message = `rule_files: ${file} does not load (${count} error${count === 1 ? '' : 's'})`;
      return [{ file: testFile.file, ...at, severity: 'error', message }];
    });
    return { ok: false, problems: [...ruleFileErrors, ...references] };
  }
  const problems: RuleProblem[] = [];
  const problem = (at: SourcePosition, severity: RuleProblem['severity'], message: string) =>
    problems.push({ file: testFile.file, ...at, severity, message });

  const groupNames = loaded.groups.map((group) => group.name);
  for (const { name, at } of testFile.groupEvalOrder) {
    if (!groupNames.includes(name)) {
      problem(
        at,
        'error',
        `group_eval_order: no group "${name}" in the rule files${didYouMean(name, groupNames)}`,
      );
    }
  }
  const groups = orderGroups(loaded.groups, testFile.groupEvalOrder);

  const rules = groups.flatMap((group) => group.rules.map((rule) => compileRule(group, rule)));

  const alertNames = [
    ...new Set(rules.filter((rule) => rule.kind !== 'recording').map((rule) => rule.rule.name)),
  ];
  for (const test of testFile.tests) {
    for (const { alertname, alertnameAt } of test.alertCases) {
      if (alertNames.includes(alertname)) {
        continue;
      }
      problem(
        alertnameAt,
        'error',
        `alertname: no alerting rule "${alertname}" in the rule files${didYouMean(alertname, alertNames)}`,
      );
    }
  }

  const at = testFile.evaluationIntervalAt ?? { line: 1, col: 1 };
  const setting = testFile.evaluationIntervalAt === undefined ? ' (the default)' : '';
  for (const group of groups) {
    if (group.intervalMs !== testFile.evaluationIntervalMs && group.rules.length > 0) {
      problem(
        at,
        'warning',
        `evaluation_interval ${formatDuration(testFile.evaluationIntervalMs)}${setting} differs from the interval ` +
          `${formatDuration(group.intervalMs)} of group "${group.name}"; the test evaluates it every ` +
          `${formatDuration(testFile.evaluationIntervalMs)}, production every ${formatDuration(group.intervalMs)}`,
      );
    }
  }

  const sorted = sortRuleProblems(problems);
  return sorted.some((entry) => entry.severity === 'error')
    ? { ok: false, problems: sorted }
    : { ok: true, plan: { testFile, rules }, problems: sorted };
}

/** promtool's partial order: groups named in `group_eval_order` first, in that order; the others after, as loaded. */
function orderGroups(groups: readonly RuleGroup[], order: RuleTestFile['groupEvalOrder']): RuleGroup[] {
  const rank = new Map(order.map(({ name }, index) => [name, index]));
  return groups
    .map((group, index) => ({ group, index }))
    .sort(
      (a, b) =>
        (rank.get(a.group.name) ?? order.length) - (rank.get(b.group.name) ?? order.length) ||
        a.index - b.index,
    )
    .map(({ group }) => group);
}

/**
 * Kind and name of any rule, including kinds this module does not know yet (anomaly, forecast, SLO, recording
 * rules name themselves differently), for messages.
 */
