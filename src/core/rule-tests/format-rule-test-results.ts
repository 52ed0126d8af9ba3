import { formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { formatNumber } from '../templates/go-format';
import { formatDuration } from '../time/duration';
import { AlertMatch, SampleMatch } from './match-results';
import { AlertCaseResult, PromqlCaseResult, RuleTestCaseResult, RuleTestFileResult } from './run-rule-tests';

/**
 * The report of `forewarn rules test`. Each failed case is a block that starts with the position of its entry:
 *
 *     rules/tests/checkout.test.yaml:14:9: FAILED CheckoutLatencyHigh at 2m
 *       expected (1):
 *         + {alertname="CheckoutLatencyHigh", service="checkout", severity="critical"}
 *       got (0):
 *         (none)
 *
 * Markers, as in a diff from what fired to what was expected: `+` expected but not there, `-` there but not
 * expected, `~` same labels but other annotations (or, for samples, another value), blank: as expected.
 */
export function formatRuleTestFileResult(result: RuleTestFileResult): string[] {
  const lines = result.cases
    .filter((testCase) => !testCase.passed)
    .flatMap((testCase) => [...formatFailure(testCase), '']);
  const failed = result.cases.filter((testCase) => !testCase.passed).length;
  const total = result.cases.length;
  lines.push(
    failed === 0
      ? `PASS ${result.file} (${plural(total, 'test')})`
      : `FAIL ${result.file} (${failed} of ${plural(total, 'test')} failed)`,
  );
  return lines;
}

/** `N tests, M passed, K failed`. */
export function formatRuleTestSummary(results: readonly RuleTestFileResult[]): string {
  const cases = results.flatMap((result) => result.cases);
  const passed = cases.filter((testCase) => testCase.passed).length;
  return `${plural(cases.length, 'test')}, ${passed} passed, ${cases.length - passed} failed`;
}

export function formatFailure(testCase: RuleTestCaseResult): string[] {
  const what = testCase.kind === 'alert' ? testCase.alertname : `\`${testCase.expr}\``;
  const lines = [
    `${testCase.file}:${testCase.at.line}:${testCase.at.col}: FAILED ${what} at ${formatDuration(testCase.evalTimeMs)}`,
  ];
  if (testCase.testName !== undefined) {
    lines.push(`  test: ${testCase.testName}`);
  }
  if (testCase.error !== undefined) {
    lines.push(`  error: ${testCase.error}`);
    return lines;
  }
  if (testCase.kind === 'alert' && testCase.evaluatedAtMs !== testCase.evalTimeMs) {
    lines.push(`  (alerts of the last evaluation before it, at ${formatDuration(testCase.evaluatedAtMs)})`);
  }
  return [...lines, ...(testCase.kind === 'alert' ? alertDiff(testCase) : sampleDiff(testCase))];
}

interface Line {
  readonly marker: ' ' | '+' | '-' | '~';
  readonly text: string;
}

function alertDiff(testCase: AlertCaseResult): string[] {
  const expected: Line[] = [];
  const got: Line[] = [];
  const annotationLines: string[] = [];
  for (const match of sortMatches(testCase.matches)) {
    switch (match.kind) {
      case 'match':
        expected.push({ marker: ' ', text: formatLabels(match.expected.labels) });
        got.push({ marker: ' ', text: formatLabels(match.got.labels) });
        break;
      case 'missing':
        expected.push({ marker: '+', text: formatLabels(match.expected.labels) });
        break;
      case 'unexpected':
        got.push({ marker: '-', text: formatLabels(match.got.labels) });
        break;
      case 'annotations':
        expected.push({ marker: '~', text: formatLabels(match.expected.labels) });
        got.push({ marker: '~', text: formatLabels(match.got.labels) });
        annotationLines.push(`  annotations of ${formatLabels(match.got.labels)}:`);
        for (const difference of match.differences) {
          annotationLines.push(
            `    ${difference.name}:`,
            `      expected: ${quoted(difference.expected)}`,
            `      got:      ${quoted(difference.got)}`,
            ...firstDifference(difference.expected, difference.got),
          );
        }
        break;
    }
  }
  const pending = [...testCase.pending]
    .map((alert) => `    ${formatLabels(alert.labels)} since ${formatDuration(alert.activeAtMs)}`)
    .sort();
  const pendingLines =
    pending.length === 0 ? [] : [`  pending, not firing yet (${pending.length}):`, ...pending];
  return [...list('expected', expected), ...list('got', got), ...annotationLines, ...pendingLines];
}

function sampleDiff(testCase: PromqlCaseResult): string[] {
  const expected: Line[] = [];
  const got: Line[] = [];
  const sample = (labels: Labels, value: number) => `${formatLabels(labels)} ${formatNumber(value)}`;
  for (const match of sortMatches(testCase.matches)) {
    switch (match.kind) {
      case 'match':
        expected.push({ marker: ' ', text: sample(match.expected.labels, match.expected.value) });
        got.push({ marker: ' ', text: sample(match.got.labels, match.got.value) });
        break;
      case 'missing':
        expected.push({ marker: '+', text: sample(match.expected.labels, match.expected.value) });
        break;
      case 'unexpected':
        got.push({ marker: '-', text: sample(match.got.labels, match.got.value) });
        break;
      case 'value':
        expected.push({ marker: '~', text: sample(match.expected.labels, match.expected.value) });
        got.push({ marker: '~', text: sample(match.got.labels, match.got.value) });
        break;
    }
  }
  return [...list('expected', expected), ...list('got', got)];
}

/** Matches ordered by the labels they show, so that reports do not depend on evaluation order. */
function sortMatches<M extends AlertMatch | SampleMatch>(matches: readonly M[]): M[] {
  const labelsOf = (match: M) =>
    formatLabels((match.kind === 'unexpected' ? match.got : match.expected).labels);
  return [...matches].sort((a, b) => (labelsOf(a) < labelsOf(b) ? -1 : labelsOf(a) > labelsOf(b) ? 1 : 0));
}

function list(title: string, lines: readonly Line[]): string[] {
  const body = lines.length === 0 ? ['    (none)'] : lines.map((line) => `    ${line.marker} ${line.text}`);
  return [`  ${title} (${lines.length}):`, ...body];
}

/** For long texts, where they start to differ (1-based), since that is hard to spot by eye. */
function firstDifference(expected: string | undefined, got: string | undefined): string[] {
  if (expected === undefined || got === undefined || Math.max(expected.length, got.length) < 40) {
    return [];
  }
  let index = 0;
  while (index < expected.length && expected[index] === got[index]) {
    index += 1;
  }
  return [`      (they differ from character ${index + 1})`];
}

function quoted(text: string | undefined): string {
  return text === undefined ? '(none)' : JSON.stringify(text);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
