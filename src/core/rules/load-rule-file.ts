import { PositionedProblem, parseRuleYaml } from './parse-rule-yaml';
import { RuleGroup, ruleFileSchema } from './rule-file.schema';
import { GroupNameAt, groupNames, ruleChecks } from './rule-checks';
import { RuleProblem, hasErrors, sortRuleProblems } from './rule-problem';
import { ruleFileErrorMap, schemaProblems } from './schema-problems';

export type { RuleProblem } from './rule-problem';
export { formatRuleProblem } from './rule-problem';

export interface LoadedRules {
  /** Groups of the files without errors (warnings are fine). */
  readonly groups: RuleGroup[];
  /** Every problem found, errors and warnings, by file and then by position. */
  readonly problems: RuleProblem[];
}

export interface RuleFileSource {
  /** How problems name the file, e.g. `rules/checkout.yaml`. */
  readonly file: string;
  readonly text: string;
}

interface AnalyzedFile {
  readonly file: string;
  readonly groups: RuleGroup[];
  readonly problems: RuleProblem[];
  readonly groupNames: GroupNameAt[];
}

/** Parses and validates one rule file. Pure: the caller reads the file. */
export function loadRuleFile(file: string, text: string): LoadedRules {
  return loadRuleFiles([{ file, text }]);
}

/** Loads several rule files and checks that group names are unique across all of them. */
export function loadRuleFiles(files: readonly RuleFileSource[]): LoadedRules {
  const analyzed = files.map(({ file, text }) => analyzeRuleFile(file, text));
  const duplicates = duplicateGroupProblems(analyzed);
  const groups: RuleGroup[] = [];
  const problems: RuleProblem[] = [];
  for (const [index, entry] of analyzed.entries()) {
    const fileProblems = sortRuleProblems([...entry.problems, ...(duplicates.get(index) ?? [])]);
    problems.push(...fileProblems);
    if (!hasErrors(fileProblems)) {
      groups.push(...entry.groups);
    }
  }
  return { groups, problems };
}

function analyzeRuleFile(file: string, text: string): AnalyzedFile {
  const withFile = (problem: PositionedProblem): RuleProblem => ({ file, ...problem });
  const yaml = parseRuleYaml(text);
  if (!yaml.ok) {
    return { file, groups: [], problems: yaml.problems.map(withFile), groupNames: [] };
  }
  const parsed = ruleFileSchema.safeParse(yaml.data, { error: ruleFileErrorMap });
  const problems = [
    ...yaml.problems,
    ...(parsed.success ? [] : schemaProblems(parsed.error.issues, yaml.data, yaml.locator)),
    ...ruleChecks(yaml.data, yaml.locator),
  ].map(withFile);
  const groups = parsed.success ? parsed.data.groups.map((group) => ({ ...group, file })) : [];
  return { file, groups, problems, groupNames: groupNames(yaml.data, yaml.locator) };
}

/** Errors for every group whose name was already used, in this file or an earlier one, keyed by file index. */
function duplicateGroupProblems(files: readonly AnalyzedFile[]): Map<number, RuleProblem[]> {
  const first = new Map<string, { file: string } & GroupNameAt>();
  const problems = new Map<number, RuleProblem[]>();
  for (const [index, { file, groupNames: names }] of files.entries()) {
    for (const group of names) {
      const earlier = first.get(group.name);
      if (earlier === undefined) {
        first.set(group.name, { file, ...group });
        continue;
      }
      const message = `duplicate group name "${group.name}" (first defined at ${earlier.file}:${earlier.line}:${earlier.col})`;
      const list = problems.get(index) ?? [];
      list.push({ file, line: group.line, col: group.col, severity: 'error', message });
      problems.set(index, list);
    }
  }
  return problems;
}
