import { fingerprint } from '../labels/labels';
import { Labels } from '../model';
import { SelectorData, evaluatePromql } from './evaluate-promql';
import { PromqlExpr } from './promql-ast';

/** One series of a range evaluation: its labels and its value at each step where it had one. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly points: Array<[tsMs: number, value: number]>;
}

/**
 * `expr` evaluated at `startMs`, `startMs + stepMs`, ... up to `endMs` (as Prometheus's query_range), over data read
 * for the whole span; per series (by label fingerprint) the values in time order. A scalar result is left out.
 */
export function evaluateOverRange(
  expr: PromqlExpr,
  data: SelectorData,
  startMs: number,
  endMs: number,
  stepMs: number,
): Map<string, RangeSeries> {
  if (!(stepMs > 0)) {
    throw new RangeError(`step must be positive, got ${stepMs}`);
  }
  const result = new Map<string, RangeSeries>();
  for (let ts = startMs; ts <= endMs; ts += stepMs) {
    const value = evaluatePromql(expr, data, ts);
    if (value.type !== 'vector') {
      continue;
    }
    for (const element of value.elements) {
      const key = fingerprint(element.labels);
      let series = result.get(key);
      if (series === undefined) {
        series = { labels: element.labels, points: [] };
        result.set(key, series);
      }
      series.points.push([ts, element.value]);
    }
  }
  return result;
}

/** The steps of a range ending at `endMs`, going back `spanMs`: `endMs - k·step` for k ≥ 0, oldest first. */
export function alignedStart(endMs: number, spanMs: number, stepMs: number): number {
  return endMs - Math.floor(spanMs / stepMs) * stepMs;
}
