/** A problem found in a rule file, with its 1-based position. */
export interface RuleProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** `rules/checkout.yaml:12:9: error: message`, the format editors and CI annotators understand. */
export function formatRuleProblem(problem: RuleProblem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.severity}: ${problem.message}`;
}

/** Problems in file order, then by position. Stable for problems at the same place. */
export function sortRuleProblems(problems: readonly RuleProblem[]): RuleProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

export function hasErrors(problems: readonly RuleProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
