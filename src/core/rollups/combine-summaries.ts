import { RangeSummary } from '../promql/extrapolated-rate';

/**
 * Combining summaries of adjacent ranges into the summary of their union, which is what makes rollups exact: the
 * summary of `(a, c]` is that of `(a, b]` followed by `(b, c]`, where a drop from the last sample of the first to the
 * first sample of the second is one more counter reset (it adds the first's last value). `SampleRollupRepository`
 * and `RollupRangeRepository` do the same fold in SQL (`foldPiecesSql`).
 */

/** The summary of `earlier` followed by `later`; every sample of `earlier` comes before every sample of `later`. */
export function appendSummary(earlier: RangeSummary, later: RangeSummary): RangeSummary {
  return {
    count: earlier.count + later.count,
    firstTsMs: earlier.firstTsMs,
    firstValue: earlier.firstValue,
    lastTsMs: later.lastTsMs,
    lastValue: later.lastValue,
    resetSum:
      earlier.resetSum + later.resetSum + (later.firstValue < earlier.lastValue ? earlier.lastValue : 0),
  };
}

/** The summary of consecutive pieces in time order (empty pieces are absent); undefined when there are none. */
export function combineSummaries(pieces: readonly RangeSummary[]): RangeSummary | undefined {
  let combined: RangeSummary | undefined;
  for (const piece of pieces) {
    combined = combined === undefined ? piece : appendSummary(combined, piece);
  }
  return combined;
}
