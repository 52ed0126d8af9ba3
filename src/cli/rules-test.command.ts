import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { formatRuleTestFileResult, formatRuleTestSummary } from '../core/rule-tests/format-rule-test-results';
import { RuleTestFile, loadRuleTestFile } from '../core/rule-tests/load-rule-test-file';
import { RuleTestSource, prepareRuleTests } from '../core/rule-tests/prepare-rule-tests';
import { RuleTestFileResult, runRuleTests } from '../core/rule-tests/run-rule-tests';
import { RuleProblem, formatRuleProblem } from '../core/rules/rule-problem';

/** Where `forewarn rules test` looks without arguments. */
export const DEFAULT_RULE_TESTS_DIR = join('rules', 'tests');
const TEST_FILE_PATTERN = /\.test\.ya?ml$/;

/**
 * `forewarn rules test [PATH...]`: runs promtool-style unit tests of rules. PATHs are test files or folders (their
 * `*.test.yaml` files); the default is `rules/tests`. Failures and the summary go to `out`, problems in test or rule
 * files (`file:line:col: error: message`) to `err`. Exit code: 0 all passed, 1 some failed, 2 a test file is invalid.
 */
export async function runRulesTestCommand(
  paths: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const { files, problems: pathProblems } = await findTestFiles(
    paths.length > 0 ? paths : [DEFAULT_RULE_TESTS_DIR],
  );
  pathProblems.forEach((line) => err(line));
  let invalid = pathProblems.length;
  const results: RuleTestFileResult[] = [];
  for (const file of files) {
    const result = await runTestFile(file, err);
    if (result === undefined) {
      invalid += 1;
      continue;
    }
    results.push(result);
    formatRuleTestFileResult(result).forEach((line) => out(line));
  }
  const summary = formatRuleTestSummary(results);
  out(invalid > 0 ? `${summary}, ${invalid} invalid test file${invalid === 1 ? '' : 's'}` : summary);
  if (invalid > 0) {
    return 2;
  }
  return results.some((result) => result.cases.some((testCase) => !testCase.passed)) ? 1 : 0;
}

/** Loads, checks and runs one test file; undefined (after reporting why) when the file or its rules are invalid. */
async function runTestFile(
  file: string,
  err: (line: string) => void,
): Promise<RuleTestFileResult | undefined> {
  const report = (problems: readonly RuleProblem[]) =>
    problems.forEach((problem) => err(formatRuleProblem(problem)));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    err(`${file}: error: cannot read the file: ${errorMessage(error)}`);
    return undefined;
  }
  const loaded = loadRuleTestFile(file, text);
  report(loaded.problems);
  if (!loaded.ok) {
    return undefined;
  }
  const sources = await readRuleFiles(loaded.testFile);
  report(sources.problems);
  if (sources.problems.length > 0) {
    return undefined;
  }
  const prepared = prepareRuleTests(loaded.testFile, sources.files);
  report(prepared.problems);
  return prepared.ok ? runRuleTests(prepared.plan) : undefined;
}

/** The rule files of a test file, relative to its folder; `*` and `?` in the file name match like a shell glob. */
async function readRuleFiles(
  testFile: RuleTestFile,
): Promise<{ files: RuleTestSource[]; problems: RuleProblem[] }> {
  const files: RuleTestSource[] = [];
  const problems: RuleProblem[] = [];
  for (const { path, at } of testFile.ruleFiles) {
    const resolved = isAbsolute(path) ? path : join(dirname(testFile.file), path);
    const problem = (message: string) =>
      problems.push({ file: testFile.file, ...at, severity: 'error', message });
    let matches: string[];
    try {
      matches = await expandGlob(resolved);
    } catch (error) {
      problem(`rule_files: cannot read ${resolved}: ${errorMessage(error)}`);
      continue;
    }
    if (matches.length === 0) {
      problem(`rule_files: no rule file ${JSON.stringify(path)} (looked for ${resolved})`);
      continue;
    }
    for (const match of matches) {
      try {
        files.push({ file: match, text: await readFile(match, 'utf8'), at });
      } catch (error) {
        problem(`rule_files: cannot read ${match}: ${errorMessage(error)}`);
      }
    }
  }
  return { files, problems };
}

async function expandGlob(path: string): Promise<string[]> {
  const name = basename(path);
  if (!/[*?]/.test(name)) {
    return (await exists(path)) ? [path] : [];
  }
  const dir = dirname(path);
  if (!(await exists(dir))) {
    return [];
  }
  const pattern = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );
  const names = (await readdir(dir)).filter((entry) => pattern.test(entry)).sort();
  return names.map((entry) => join(dir, entry));
}

async function findTestFiles(paths: readonly string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch {
      problems.push(`${path}: error: no such file or folder`);
      continue;
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => TEST_FILE_PATTERN.test(name)).sort();
    if (names.length === 0) {
      problems.push(`${path}: error: no *.test.yaml files in this folder`);
    }
    files.push(...names.map((name) => join(path, name)));
  }
  return { files, problems };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
