import { sortLabels } from '../labels/labels';
import { Labels, VectorElement } from '../model';
import { SelectorData, evaluatePromql } from '../promql/evaluate-promql';
import { LOOKBACK_MS } from '../promql/lookback';
import { PromqlExpr } from '../promql/promql-ast';
import { selectRange } from '../promql/select-series';
import {
  SelectorRequest,
  canonicalMatchers,
  instantSelectorsOf,
  selectorKey,
  selectorsOf,
} from '../promql/selectors-of';
import { ParsedQuery } from './parsed-query';
import { QueryRange } from './query-params';

/** One series of a matrix: its labels and its points in time order. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly points: ReadonlyArray<readonly [tsMs: number, value: number]>;
}

/** A query's result, in the shapes of Prometheus's HTTP API. */
export type QueryResult =
  | { readonly resultType: 'vector'; readonly result: readonly VectorElement[] }
  | { readonly resultType: 'scalar'; readonly value: number }
  | { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] };

function requestsOf(
  query: ParsedQuery,
  selectors: (expr: PromqlExpr) => SelectorRequest[],
): SelectorRequest[] {
  if (query.kind === 'range-selector') {
    const { selector, rangeMs } = query.selector;
    const matchers = canonicalMatchers(selector.matchers);
    return [{ key: selectorKey(selector, rangeMs), matchers, rangeMs, offsetMs: selector.offsetMs }];
  }
  return selectors(query.expr);
}

/**
 * What an instant query at some time reads (the reader fetches each request's window before that time, reduced
 * where every use of a selector allows: `instantSelectorsOf`).
 */
export function instantRequests(query: ParsedQuery): SelectorRequest[] {
  return requestsOf(query, instantSelectorsOf);
}

/**
 * What a range query reads when evaluated at its end: every window, with all its samples, widened by the range's
 * span (keys unchanged).
 */
export function rangeRequests(query: ParsedQuery, range: QueryRange): SelectorRequest[] {
  const spanMs = range.endMs - range.startMs;
  return requestsOf(query, selectorsOf).map((request) => ({
    ...request,
    rangeMs: Math.max(request.rangeMs, LOOKBACK_MS) + spanMs,
  }));
}

/** An instant query at `timeMs` over data read with `instantRequests`. */
export function evaluateInstantQuery(query: ParsedQuery, data: SelectorData, timeMs: number): QueryResult {
  if (query.kind === 'range-selector') {
    const result = selectRange(query.selector, data, timeMs).map((series) => ({
      labels: series.labels,
      points: series.samples,
    }));
    return { resultType: 'matrix', result };
  }
  const value = evaluatePromql(query.expr, data, timeMs);
  return value.type === 'scalar'
    ? { resultType: 'scalar', value: value.value }
    : { resultType: 'vector', result: value.elements };
}

/**
 * A range query (Prometheus's `query_range`) over data read with `rangeRequests`: the expression at `start`,
 * `start + step`, ... up to `end`; each series with the points where it had a value, series ordered by labels. A
 * scalar expression is one series without labels. A bare range selector is refused, as Prometheus refuses it.
 */
export function evaluateRangeQuery(query: ParsedQuery, data: SelectorData, range: QueryRange): QueryResult {
  if (query.kind === 'range-selector') {
    throw new RangeQueryTypeError();
  }
  const byKey = new Map<string, { labels: Labels; points: Array<[number, number]> }>();
  // Keyed by the sorted label pairs, so that sorting the keys orders the series by labels, as Prometheus does.
  const add = (labels: Labels, key: string, tsMs: number, value: number) => {
    let series = byKey.get(key);
    if (series === undefined) {
      series = { labels, points: [] };
      byKey.set(key, series);
    }
    series.points.push([tsMs, value]);
  };
  for (let ts = range.startMs; ts <= range.endMs; ts += range.stepMs) {
    const value = evaluatePromql(query.expr, data, ts);
    if (value.type === 'scalar') {
      add({}, '', ts, value.value);
      continue;
    }
    for (const element of value.elements) {
      add(element.labels, JSON.stringify(Object.entries(sortLabels(element.labels))), ts, element.value);
    }
  }
  const result = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, series]) => series);
  return { resultType: 'matrix', result };
}

export class RangeQueryTypeError extends Error {
  constructor() {
    super('invalid expression type "range vector" for range query, must be Scalar or instant Vector');
    this.name = 'RangeQueryTypeError';
  }
}
