import { z } from 'zod';
import { describeValue, isRecord } from './describe-value';
import { PositionedProblem } from './parse-rule-yaml';
import { IssueLocation } from './schema-fields';
import { DataPath, YamlLocator } from './yaml-positions';

/** Turns zod issues into positioned problems with messages written for people editing YAML. */

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

/** Messages for issues the schema does not word itself. Schema-level messages take precedence. */
export const ruleFileErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_union': {
      const discriminator = 'discriminator' in issue ? issue.discriminator : undefined;
      if (typeof discriminator === 'string' && isRecord(issue.input)) {
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
        const names = options.filter((option): option is string => typeof option === 'string');
        return `unknown rule ${discriminator} ${describeValue(issue.input[discriminator])}; expected one of: ${names.join(', ')}`;
      }
      return undefined;
    }
    case 'invalid_value':
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
};

export function schemaProblems(issues: readonly z.core.$ZodIssue[], data: unknown, locator: YamlLocator) {
  const problems = issues.flatMap((issue) => issueProblems(issue, data, locator));
  // A value can break several checks that share one message (a number below two bounds): report it once.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
}

function issueProblems(issue: z.core.$ZodIssue, data: unknown, locator: YamlLocator): PositionedProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const messages = issue.message.split('\n');
    return issue.keys.map((key, index) =>
      error(locator.key([...path, key]), messages[index] ?? `unknown key "${key}"`),
    );
  }
  if (issue.code === 'invalid_key') {
    // The message names the key itself: `labels: "team-name" is not a valid label name`.
    return [error(locator.key(path), prefixed(path.slice(0, -1), issue.issues[0]?.message ?? issue.message))];
  }
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = valueAt(data, parentPath);
  const missing = typeof last === 'string' && isRecord(parent) && !(last in parent);
  if (issue.code === 'invalid_type' && missing) {
    return [error(locator.value(parentPath), `missing required key "${last}"`)];
  }
  if (issue.code === 'invalid_union') {
    const chosen = matchingOptionIssues(issue);
    if (chosen !== undefined) {
      return chosen.flatMap((inner) =>
        issueProblems({ ...inner, path: [...path, ...inner.path] }, data, locator),
      );
    }
    if (missing) {
      // A discriminator (`kind`, `type`) left out: the union's message says so; point at the map.
      return [error(locator.value(parentPath), issue.message)];
    }
  }
  const location: IssueLocation = issue.code === 'custom' ? (issue.params ?? {}) : {};
  return [error(locator.value(path, location.offset ?? 0), prefixed(path, issue.message))];
}

/**
 * The issues of the one union option that accepts the input's type (the others rejected the value as a whole), so
 * that `burn_rates: [{...}]` reports the broken window rather than "not a preset or a list". Undefined when no
 * option or several options accept it.
 */
function matchingOptionIssues(issue: z.core.$ZodIssueInvalidUnion): readonly z.core.$ZodIssue[] | undefined {
  const accepting = issue.errors.filter(
    (issues) =>
      !issues.some(
        (inner) =>
          inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'),
      ),
  );
  return accepting.length === 1 ? accepting[0] : undefined;
}

/** `expr: message`, `labels.severity: message`, `rules[2]: message`: the path below the nearest list item. */
export function fieldLabel(path: DataPath): string {
  const lastIndex = path.findLastIndex((segment) => typeof segment === 'number');
  const tail = path.slice(lastIndex + 1).map(String);
  if (tail.length > 0 || lastIndex < 0) {
    return tail.join('.');
  }
  return `${String(path[lastIndex - 1] ?? '')}[${String(path[lastIndex])}]`;
}

function prefixed(path: DataPath, message: string): string {
  const label = fieldLabel(path);
  return label === '' ? message : `${label}: ${message}`;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') {
      value = value[segment];
    } else if (isRecord(value) && typeof segment === 'string') {
      value = value[segment];
    } else {
      return undefined;
    }
  }
  return value;
}

function error(at: { line: number; col: number }, message: string): PositionedProblem {
  return { line: at.line, col: at.col, severity: 'error', message };
}
