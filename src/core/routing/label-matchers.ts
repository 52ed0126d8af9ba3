import { Labels } from '../model';
import { LabelMatcher, MatchOp } from '../promql/promql-ast';
import { InvalidLabelRegexError, compileLabelRegex, matchesAll, matchesValue } from '../promql/label-matcher';

/**
 * Alertmanager label matchers (`pkg/labels/parse.go`, `pkg/labels/matcher.go`): `service="checkout"`,
 * `severity=~"critical|warning"`, lists like `{a="1", b!="2"}`. Regexes are anchored to the whole value and a
 * missing label matches as the empty string. The matcher type and matching are PromQL's (same semantics).
 */

export type { LabelMatcher, MatchOp } from '../promql/promql-ast';

export type ParsedMatchers =
  | { readonly ok: true; readonly matchers: LabelMatcher[] }
  /** `offset` is 0-based into the parsed string: where the broken matcher (or its value) starts. */
  | { readonly ok: false; readonly message: string; readonly offset: number };

// `=~` before `=`, as in Alertmanager, so that `a=~"x"` is a regex matcher. Label names may hold colons there.
const MATCHER_PATTERN = /^(\s*)([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*)(=~|=|!=|!~)(\s*)([\s\S]*?)\s*$/;

/** Label names in `match`/`match_re` keys and `group_by`/`equal` lists (Prometheus's `model.LabelName`). */
export const ROUTING_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Parses a comma-separated matcher list exactly like Alertmanager's `ParseMatchers`: an optional leading `{` and
 * trailing `}`, commas inside double quotes do not separate, a trailing comma is allowed, values may be unquoted.
 */
export function parseMatchers(input: string): ParsedMatchers {
  let start = 0;
  let end = input.length;
  if (input.startsWith('{')) {
    start = 1;
  }
  if (end > start && input.endsWith('}')) {
    end -= 1;
  }
  const tokens: { text: string; offset: number }[] = [];
  let insideQuotes = false;
  let escaped = false;
  let tokenStart = start;
  for (let index = start; index < end; index += 1) {
    const char = input[index];
    if (char === ',' && !insideQuotes) {
      tokens.push({ text: input.slice(tokenStart, index), offset: tokenStart });
      tokenStart = index + 1;
      continue;
    }
    if (char === '"') {
      if (escaped) {
        escaped = false;
      } else {
        insideQuotes = !insideQuotes;
      }
    } else if (char === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
  }
  const last = input.slice(tokenStart, end);
  if (last.trim() !== '') {
    tokens.push({ text: last, offset: tokenStart });
  }
  const matchers: LabelMatcher[] = [];
  for (const token of tokens) {
    const parsed = parseMatcherAt(token.text, token.offset);
    if (!parsed.ok) {
      return parsed;
    }
    matchers.push(...parsed.matchers);
  }
  return { ok: true, matchers };
}

/** One matcher, e.g. `severity=~"crit.*"`; quotes around the value are optional. */
export function parseMatcher(input: string): ParsedMatchers {
  return parseMatcherAt(input, 0);
}

function parseMatcherAt(token: string, offset: number): ParsedMatchers {
  const match = MATCHER_PATTERN.exec(token);
  if (match === null) {
    const leading = token.length - token.trimStart().length;
    return fail(`bad matcher format: ${token.trim() === '' ? '(empty)' : token.trim()}`, offset + leading);
  }
  const [, lead = '', name = '', space = '', op = '=', gap = '', raw = ''] = match;
  const valueOffset = offset + lead.length + name.length + space.length + op.length + gap.length;
  const value = unescapeValue(raw);
  if (value === undefined) {
    return fail(`matcher value contains unescaped double quote: ${raw}`, valueOffset);
  }
  const matcher: LabelMatcher = { name, op: op as MatchOp, value };
  const regexProblem = regexError(matcher);
  if (regexProblem !== undefined) {
    return fail(regexProblem, valueOffset);
  }
  return { ok: true, matchers: [matcher] };
}

/** OpenMetrics escapes (`\"`, `\n`, `\\`); other backslashes are literal. Undefined for a stray `"`. */
function unescapeValue(raw: string): string | undefined {
  let text = raw;
  let expectTrailingQuote = false;
  if (text.startsWith('"')) {
    text = text.slice(1);
    expectTrailingQuote = true;
  }
  let value = '';
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (escaped) {
      escaped = false;
      value += char === 'n' ? '\n' : char === '"' || char === '\\' ? char : `\\${char}`;
      continue;
    }
    if (char === '\\') {
      if (index < text.length - 1) {
        escaped = true;
      } else {
        value += '\\';
      }
    } else if (char === '"') {
      if (!expectTrailingQuote || index < text.length - 1) {
        return undefined;
      }
      expectTrailingQuote = false;
    } else {
      value += char;
    }
  }
  return expectTrailingQuote ? undefined : value;
}

/** The reason a regex matcher's pattern does not compile, if it does not. */
export function regexError(matcher: LabelMatcher): string | undefined {
  if (matcher.op !== '=~' && matcher.op !== '!~') {
    return undefined;
  }
  return patternError(matcher.value);
}

/** The reason `pattern` is not a valid (anchored, RE2-compatible) matcher regex, if it is not. */
export function patternError(pattern: string): string | undefined {
  try {
    compileLabelRegex(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidLabelRegexError) {
      return error.message;
    }
    throw error;
  }
}

/** Whether one matcher accepts `labels`; a missing label is the empty string. */
export function matcherMatches(matcher: LabelMatcher, labels: Labels): boolean {
  return matchesValue(matcher, labels[matcher.name] ?? '');
}

/** Whether every matcher accepts `labels` (an empty list matches everything). */
export function matchersMatch(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  return matchesAll(matchers, labels);
}

/** `name="value"` with Go `%q` quoting, as Alertmanager prints a matcher. */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}

/** `{a="1",b=~"x"}`, as Alertmanager prints a matcher list. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map(formatMatcher).join(',')}}`;
}

function fail(message: string, offset: number): ParsedMatchers {
  return { ok: false, message, offset };
}
