import { Labels } from '../model';
import { LabelMatcher } from './promql-ast';

/** A regex in a `=~`/`!~` matcher that is not valid (or uses syntax PromQL's RE2 does not have). */
export class InvalidLabelRegexError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'InvalidLabelRegexError';
  }
}

const MAX_CACHED_REGEXES = 10_000;
const regexCache = new Map<string, RegExp>();

/**
 * Compiles a matcher regex with Prometheus semantics: fully anchored (`^(?:re)$`). A leading `(?i)` flag is
 * honoured; lookarounds and backreferences (not in RE2) are rejected. Compiled once, then cached.
 */
export function compileLabelRegex(pattern: string): RegExp {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }
  const caseInsensitive = pattern.startsWith('(?i)');
  const source = caseInsensitive ? pattern.slice('(?i)'.length) : pattern;
  const flags = caseInsensitive ? 'i' : '';
  const unsupported = findNonRe2Syntax(source);
  if (unsupported !== undefined) {
    throw new InvalidLabelRegexError(pattern, unsupported);
  }
  try {
    // Validate the pattern on its own first: `a)(b` is invalid alone but would compile once wrapped.
    new RegExp(source, flags);
  } catch (error) {
    throw new InvalidLabelRegexError(pattern, error instanceof Error ? error.message : String(error));
  }
  const compiled = new RegExp(`^(?:${source})$`, flags);
  if (regexCache.size >= MAX_CACHED_REGEXES) {
    regexCache.clear();
  }
  regexCache.set(pattern, compiled);
  return compiled;
}

function findNonRe2Syntax(source: string): string | undefined {
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    const next = source[index + 1];
    if (char === '\\') {
      if (next !== undefined && /[1-9]/.test(next)) {
        return `backreferences such as \\${next} are not supported (PromQL uses RE2 syntax)`;
      }
      index += 1;
    } else if (char === '(' && next === '?') {
      const group = source.slice(index, index + 4);
      if (/^\(\?(?:[=!]|<[=!])/.test(group)) {
        return 'lookahead and lookbehind groups are not supported (PromQL uses RE2 syntax)';
      }
    }
  }
  return undefined;
}

/** Whether one label value (`''` for a missing label) satisfies one matcher. */
export function matchesValue(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return compileLabelRegex(matcher.value).test(value);
    case '!~':
      return !compileLabelRegex(matcher.value).test(value);
  }
}

/** Whether `labels` satisfy every matcher; a missing label counts as the empty string. */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  return matchers.every((matcher) => matchesValue(matcher, labels[matcher.name] ?? ''));
}
