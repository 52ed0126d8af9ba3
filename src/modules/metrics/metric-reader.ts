import { SeriesSamples } from 'src/core/model';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { SelectorRequest } from 'src/core/promql/selectors-of';

/** A time range `(startMs, endMs]`. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

export interface CounterIncrease {
  readonly increase: number | undefined;
  readonly seriesCount: number;
}

/** Port: reads the data an expression needs at one evaluation time. Adapters: PostgreSQL (built in), Prometheus API (later). */
export abstract class MetricReader {
  /** For each request, the matching series with samples in `(now - offset - max(range, lookback), now - offset]`. */
  abstract read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SeriesSamples[]>>;

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
