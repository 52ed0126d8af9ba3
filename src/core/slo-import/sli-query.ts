import { formatMatchers } from '../promql/format-promql';
import { PromqlExpr, VectorSelector, unwrapParens } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';
import { canonicalMatchers } from '../promql/selectors-of';

/**
 * Turns the PromQL queries of Sloth and OpenSLO SLIs into forewarn SLIs. forewarn SLIs are counter selectors and the
 * engine applies the windows itself, so a query imports when it is (a sum of) a rate or increase of one selector,
 * or the selector itself: `sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))` gives
 * `http_requests_total{code=~"5.."}`. Sloth's latency form, `_count` minus one `_bucket` over the same `_count`,
 * gives a latency SLI. Anything else is reported at the part of the query that does not fit.
 */

/** Where a query does not fit, as an offset into the query text. */
export interface QueryProblem {
  readonly ok: false;
  readonly message: string;
  readonly offset: number;
}

export type QueryResult<T> = { readonly ok: true; readonly value: T } | QueryProblem;

/** Sloth's window placeholder, with the spacing and trim markers Go templates allow. */
const WINDOW_PLACEHOLDER = /\{\{-?\s*\.window\s*-?\}\}/g;

/**
 * `... or on() vector(0)` at the end of an error query: it makes a service without errors report 0. forewarn counts
 * a missing bad counter as 0 events already, so it is dropped.
 */
const OR_VECTOR_ZERO = /\s+or\s+(?:on\s*\(\s*\)\s*)?vector\s*\(\s*0\s*\)\s*$/i;

const COUNTER_FUNCTIONS: readonly string[] = ['rate', 'increase'];

const EXPECTED = 'expected sum(rate(<selector>[<window>])) or a plain counter selector';

/**
 * Parses a query. Placeholders become durations of the same length and the `or vector(0)` tail becomes spaces, so
 * offsets in problems still point into the text as written.
 */
export function parseSliQuery(query: string): QueryResult<PromqlExpr> {
  const prepared = query
    .replace(WINDOW_PLACEHOLDER, (placeholder) => `${'9'.repeat(placeholder.length - 1)}s`)
    .replace(OR_VECTOR_ZERO, (tail) => ' '.repeat(tail.length));
  try {
    return { ok: true, value: parsePromql(prepared) };
  } catch (error) {
    if (error instanceof PromqlParseError) {
      return problem(`cannot import this query: ${error.message}`, error.offset);
    }
    throw error;
  }
}

/** The counter selector a query sums, or where it does something else. */
export function counterSelectorOf(expr: PromqlExpr): QueryResult<VectorSelector> {
  let node = unwrapParens(expr);
  if (node.type === 'Aggregation') {
    if (node.op !== 'sum') {
      return problem(`cannot import ${node.op}(...): ${EXPECTED}`, node.start);
    }
    if (node.without || node.grouping.length > 0) {
      const modifier = node.without ? 'without' : 'by';
      return problem(
        `cannot import sum ${modifier} (${node.grouping.join(', ')}): a forewarn SLO sums all series of its SLI; write one SLO per group`,
        node.start,
      );
    }
    node = unwrapParens(node.expr);
  }
  if (node.type === 'Call' && COUNTER_FUNCTIONS.includes(node.func)) {
    const argument = node.args[0];
    node = argument === undefined ? node : unwrapParens(argument);
    if (node.type === 'MatrixSelector') {
      node = node.selector;
    }
  }
  if (node.type !== 'VectorSelector') {
    return problem(`cannot import this query: ${EXPECTED}`, node.start);
  }
  if (node.offsetMs !== 0) {
    return problem('cannot import a selector with offset; forewarn reads the current windows', node.start);
  }
  return { ok: true, value: node };
}

/** A selector as forewarn writes it: `name{label="value",...}`. */
export function selectorText(selector: VectorSelector): string {
  return formatMatchers(selector.matchers, selector.name);
}

/** A latency SLI: the histogram's base selector and the bucket bound. */
export interface LatencySli {
  readonly metric: string;
  readonly le: number;
}

/**
 * Sloth's latency SLI: `sum(rate(h_count{m}[w])) - sum(rate(h_bucket{m,le="0.4"}[w]))` over `sum(rate(h_count{m}[w]))`.
 * Undefined when the queries have another form.
 */
export function latencySliOf(errorExpr: PromqlExpr, totalExpr: PromqlExpr): LatencySli | undefined {
  const difference = unwrapParens(errorExpr);
  if (difference.type !== 'Binary' || difference.op !== '-') {
    return undefined;
  }
  const count = counterSelectorOf(difference.lhs);
  const bucket = counterSelectorOf(difference.rhs);
  const total = counterSelectorOf(totalExpr);
  if (!count.ok || !bucket.ok || !total.ok) {
    return undefined;
  }
  const base = count.value.name?.replace(/_count$/, '');
  if (base === undefined || count.value.name !== `${base}_count` || bucket.value.name !== `${base}_bucket`) {
    return undefined;
  }
  const le = bucket.value.matchers.find((matcher) => matcher.name === 'le');
  const bound = le?.op === '=' ? Number(le.value) : NaN;
  const others = (selector: VectorSelector) =>
    labelMatchers(selector).filter((matcher) => matcher.name !== 'le');
  const sameMatchers = (a: VectorSelector, b: VectorSelector) =>
    JSON.stringify(canonicalMatchers(others(a))) === JSON.stringify(canonicalMatchers(others(b)));
  if (
    !Number.isFinite(bound) ||
    bound <= 0 ||
    total.value.name !== count.value.name ||
    !sameMatchers(count.value, bucket.value) ||
    !sameMatchers(count.value, total.value) ||
    count.value.matchers.some((matcher) => matcher.name === 'le')
  ) {
    return undefined;
  }
  return { metric: formatMatchers(others(count.value), base), le: bound };
}

/** The matchers besides the metric name. */
function labelMatchers(selector: VectorSelector) {
  return selector.matchers.filter((matcher) => matcher.name !== '__name__');
}

function problem(message: string, offset: number): QueryProblem {
  return { ok: false, message, offset };
}
