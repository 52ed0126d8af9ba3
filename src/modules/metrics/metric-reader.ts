import { VectorElement } from 'src/core/model';
import { SelectedSeries } from 'src/core/promql/select-series';
import { LabelMatcher, PromqlExpr } from 'src/core/promql/promql-ast';
import { SelectorRequest } from 'src/core/promql/selectors-of';
import {
  QueryResult,
  RangeQueryTypeError,
  evaluateInstantQuery,
  evaluateRangeQuery,
  instantRequests,
  rangeRequests,
} from 'src/core/query/evaluate-query';
import { ParsedQuery, exprQuery } from 'src/core/query/parsed-query';
import { QueryRange } from 'src/core/query/query-params';

/** A time range `(startMs, endMs]`. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

export interface CounterIncrease {
  readonly increase: number | undefined;
  readonly seriesCount: number;
}

/**
 * Port: reads the data an expression needs at one evaluation time. Adapters: PostgreSQL (built in) and a
 * Prometheus-compatible HTTP API. Two levels: raw samples per selector (`read`, which detectors, forecasts and charts
 * need) and whole queries (`instantQuery`, `rangeQuery`), which by default read the samples and evaluate here, and
 * which a PromQL-speaking backend (Prometheus, Thanos, Mimir, VictoriaMetrics) answers itself instead.
 */
export abstract class MetricReader {
  /** `query` at `timeMs`, as Prometheus's `/api/v1/query` answers it. */
  async instantQuery(query: ParsedQuery, timeMs: number): Promise<QueryResult> {
    return evaluateInstantQuery(query, await this.read(instantRequests(query), timeMs), timeMs);
  }

  /** A rule expression's instant vector at `timeMs` (a scalar result is no series). */
  async instantVector(expr: PromqlExpr, timeMs: number): Promise<VectorElement[]> {
    const result = await this.instantQuery(exprQuery(expr), timeMs);
    return result.resultType === 'vector' ? [...result.result] : [];
  }

  /** `query` at every step of `range`, as Prometheus's `/api/v1/query_range` answers it. */
  async rangeQuery(query: ParsedQuery, range: QueryRange): Promise<QueryResult> {
    if (query.kind === 'range-selector') {
      throw new RangeQueryTypeError();
    }
    return evaluateRangeQuery(query, await this.read(rangeRequests(query, range), range.endMs), range);
  }

  /**
   * For each request, the matching series with samples in `(now - offset - max(range, lookback), now - offset]`, or
   * less where the request allows it (`SelectorRequest.reduce`; an adapter may ignore it).
   */
  abstract read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SelectedSeries[]>>;

  /**
   * `sum(increase(selector[range]))` evaluated at the end of each range, as Prometheus computes it (counter resets,
   * extrapolation): per range the increase (undefined where no series has 2 samples in it) and how many series had
   * samples in it.
   */
  abstract counterIncreases(
    matchers: readonly LabelMatcher[],
    ranges: readonly TimeRange[],
  ): Promise<CounterIncrease[]>;

  /** Counter resets (drops) per series of the selector in the range, from raw samples; series without samples are left out. */
  abstract counterResets(matchers: readonly LabelMatcher[], range: TimeRange): Promise<number[]>;
}
