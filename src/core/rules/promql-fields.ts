import { METRIC_NAME_LABEL } from '../model';
import { splitAlertComparison } from '../promql/alert-expression';
import { PromqlExpr, VectorSelector, isComparisonOp, unwrapParens } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';
import { typeOf } from '../promql/promql-value-type';
import { IssueLocation, nonEmptyStringSchema } from './schema-fields';

/**
 * Rule-file fields that hold PromQL: each is parsed with `parsePromql` and then checked for its role (a threshold
 * comparison, a series to watch, a counter selector). Problems carry the 0-based offset into the text, so they are
 * reported at the character they are about.
 */

/** What is wrong with an expression, and where (0-based offset into its text). */
export interface PromqlProblem {
  readonly message: string;
  readonly offset: number;
}

type Parsed = { readonly ok: true; readonly expr: PromqlExpr } | ({ readonly ok: false } & PromqlProblem);

/** Parsed expressions by text. Rule files repeat expressions and reloads re-read unchanged files. */
const parseCache = new Map<string, Parsed>();
const PARSE_CACHE_LIMIT = 20_000;

/** `parsePromql`, memoised per text; parse errors are returned, not thrown. The AST is shared: do not mutate it. */
export function parsePromqlCached(text: string): Parsed {
  const cached = parseCache.get(text);
  if (cached !== undefined) {
    return cached;
  }
  let parsed: Parsed;
  try {
    parsed = { ok: true, expr: parsePromql(text) };
  } catch (error) {
    if (!(error instanceof PromqlParseError)) {
      throw error;
    }
    parsed = { ok: false, message: error.message, offset: error.offset };
  }
  if (parseCache.size >= PARSE_CACHE_LIMIT) {
    parseCache.clear();
  }
  parseCache.set(text, parsed);
  return parsed;
}

/** Checks a parsed expression for its role; `text` is what was parsed, for offsets the AST does not keep. */
export type PromqlCheck = (expr: PromqlExpr, text: string) => PromqlProblem | undefined;

/** Empties the parse cache (benchmarks measure cold loads with it). */
export function clearPromqlParseCache(): void {
  parseCache.clear();
}

/** A string field holding PromQL that must parse and then pass `check`. */
export function promqlSchema(check: PromqlCheck) {
  return nonEmptyStringSchema.superRefine((text, ctx) => {
    const parsed = parsePromqlCached(text);
    const problem = parsed.ok ? check(parsed.expr, text) : parsed;
    if (problem !== undefined) {
      const params: IssueLocation = { offset: problem.offset };
      ctx.addIssue({ code: 'custom', message: problem.message, input: text, params });
    }
  });
}

/** `<vector expr> <cmp> <number>`: a threshold rule's `expr` and every `resolve_when`. */
export function comparisonProblem(message: string): PromqlCheck {
  return (expr) => (splitAlertComparison(expr) === undefined ? { message, offset: 0 } : undefined);
}

/** An instant vector without a top-level comparison: the `series` an anomaly or forecast rule watches. */
export const seriesProblem: PromqlCheck = (expr, text) => {
  const top = unwrapParens(expr);
  if (top.type === 'Binary' && isComparisonOp(top.op) && !top.bool) {
    return {
      message: `must not end in a comparison ("${top.op}"); give the values to watch, the rule decides what is abnormal`,
      offset: skipSpaces(text, top.lhs.end),
    };
  }
  return vectorProblem(expr, text);
};

/** Any expression that yields an instant vector (a recording rule's `expr`). */
export const vectorProblem: PromqlCheck = (expr) =>
  typeOf(expr) === 'vector'
    ? undefined
    : { message: 'must return an instant vector, not a scalar; wrap a number in vector(...)', offset: 0 };

/** A plain selector such as `http_requests_total{code=~"5.."}`: an SLO's event counters and histograms. */
export function selectorProblem(example: string): PromqlCheck {
  return (expr) => {
    if (expr.type !== 'VectorSelector') {
      return {
        message: `expected a selector such as ${example}, without functions or operators; the SLO engine applies rate() over each window itself`,
        offset: 0,
      };
    }
    if (expr.offsetMs !== 0) {
      return {
        message: 'leave out the offset; the SLO engine reads the current windows',
        offset: expr.start,
      };
    }
    if (metricNameOf(expr) === undefined) {
      return { message: `the selector needs a metric name, e.g. ${example}`, offset: 0 };
    }
    return undefined;
  };
}

/** The histogram of a latency SLI: a base name (no `_bucket`) and no `le` matcher; the engine adds both. */
export const histogramProblem: PromqlCheck = (expr, text) => {
  const example = 'http_request_duration_seconds{service="checkout"}';
  const problem = selectorProblem(example)(expr, text);
  if (problem !== undefined || expr.type !== 'VectorSelector') {
    return problem;
  }
  const name = metricNameOf(expr) ?? '';
  const suffix = ['_bucket', '_count', '_sum'].find((end) => name.endsWith(end));
  if (suffix !== undefined) {
    return {
      message: `use the histogram's base name "${name.slice(0, -suffix.length)}"; the engine reads its _bucket series`,
      offset: 0,
    };
  }
  if (expr.matchers.some((matcher) => matcher.name === 'le')) {
    return { message: 'leave out the "le" matcher; the bucket bound is the SLI\'s "le" field', offset: 0 };
  }
  return undefined;
};

function metricNameOf(selector: VectorSelector): string | undefined {
  return (
    selector.name ??
    selector.matchers.find((matcher) => matcher.name === METRIC_NAME_LABEL && matcher.op === '=')?.value
  );
}

function skipSpaces(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && /\s/.test(text[index] ?? '')) {
    index += 1;
  }
  return index;
}
