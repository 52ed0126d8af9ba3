import { fingerprint, formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { IngestLimits, IngestResult, IngestSeries } from './ingest-batch';
import {
  INGEST_LIMIT_KEYS,
  formatTimestamp,
  tooManySamplesMessage,
  tooNewMessage,
  tooOldMessage,
} from './ingest-limits';
import { LabelSet } from './label-set';
import { ProblemCollector } from './ingest-problems';

/** One series of a request. Its samples are the slice `[start, start + count)` of the accumulator's columns. */
export class SeriesBuilder {
  /** Where the series' samples start in the columns (meaningful once `count > 0`). */
  start = 0;
  count = 0;
  lastTs = -Infinity;
  /** Strictly ascending so far: then no sort and no duplicate check are needed. */
  ascending = true;

  /** `index` is the builder's position in the order of first appearance. */
  constructor(
    readonly labels: Labels,
    readonly index: number,
  ) {}
}

/** First capacity of the sample columns; they double as needed. */
const INITIAL_CAPACITY = 1024;

/** `finish()` found a duplicate timestamp but has no positions to report it with: parse again tracking them. */
export const NEEDS_POSITIONS = 'needs-positions';

/** Runs a parse without position tracking, and again with it if a duplicate timestamp must be reported. */
export function parseWithPositionRetry(
  parse: (trackPositions: boolean) => IngestResult | typeof NEEDS_POSITIONS,
): IngestResult {
  const fast = parse(false);
  if (fast !== NEEDS_POSITIONS) {
    return fast;
  }
  const tracked = parse(true);
  if (tracked === NEEDS_POSITIONS) {
    throw new Error('parse with tracked positions asked for positions');
  }
  return tracked;
}

/** How a parser names positions in problems. `pos` is the number the parser passed to `add`. */
export interface PositionNames {
  /** The sample as a whole, e.g. `line 3` or `$[0].samples[2]`. */
  sample(pos: number): string;
  /** The sample's timestamp, e.g. `line 3` or `$[0].samples[2][0]`. */
  timestamp(pos: number): string;
}

/**
 * Groups samples by series, enforces the timestamp window and the sample count, and builds the result:
 * series in order of first appearance, samples sorted by timestamp, duplicate timestamps reported.
 * Shared by all ingest formats.
 *
 * Samples go into request-wide columns (`Float64Array`s, no object per sample) in arrival order. While every series
 * arrives as one contiguous run (the usual body), each run is already its series' slice; once a series comes back
 * after another one, the series of every sample is recorded too and `finish()` regroups the columns.
 *
 * Positions of samples are needed only to report duplicate timestamps, so by default they are not kept:
 * `finish()` then answers `NEEDS_POSITIONS` when it finds a duplicate, and the parser runs again with
 * `trackPositions` (a second pass only for such bad requests).
 */
export class SeriesAccumulator {
  private readonly byKey = new Map<string, SeriesBuilder>();
  private readonly series: SeriesBuilder[] = [];
  private sampleTotal = 0;
  private firstOverflowPos = -1;
  private readonly minTsMs: number;
  private readonly maxTsMs: number;
  private readonly maxSamples: number;

  /** Stored samples, in arrival order: `stored` of the columns' capacity are used. */
  private stored = 0;
  private timestamps: Float64Array;
  private values: Float64Array;
  /** Position of each stored sample; only when tracking positions. */
  private positions: Float64Array | undefined;
  /** `SeriesBuilder.index` of each stored sample; only once the runs of series are interleaved. */
  private seriesIndexes: Int32Array | undefined;
  /** The series of the last stored sample. */
  private current: SeriesBuilder | undefined;

  constructor(
    private readonly limits: IngestLimits,
    private readonly problems: ProblemCollector,
    private readonly names: PositionNames,
    private readonly trackPositions = false,
  ) {
    this.minTsMs = limits.minTsMs;
    this.maxTsMs = limits.maxTsMs;
    this.maxSamples = limits.maxSamplesPerRequest;
    const capacity = Math.max(0, Math.min(INITIAL_CAPACITY, this.maxSamples));
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.positions = trackPositions ? new Float64Array(capacity) : undefined;
  }

  /** The builder for a label set; label sets with equal keys share one. */
  seriesFor(set: LabelSet): SeriesBuilder {
    let builder = this.byKey.get(set.key);
    if (builder === undefined) {
      builder = new SeriesBuilder(set.labels, this.series.length);
      this.byKey.set(set.key, builder);
      this.series.push(builder);
    }
    return builder;
  }

  /**
   * Adds one syntactically valid sample. `series` is `undefined` when its labels were rejected: the sample
   * still counts and its timestamp is still checked, so one request reports all of its problems.
   * `pos` must grow with the position in the body.
   */
  add(series: SeriesBuilder | undefined, tsMs: number, value: number, pos: number): void {
    if (++this.sampleTotal > this.maxSamples) {
      if (this.firstOverflowPos < 0) {
        this.firstOverflowPos = pos;
      }
      // Past the limit the request fails anyway: keep validating, stop storing.
      series = undefined;
    }
    if (tsMs < this.minTsMs) {
      this.problems.add(
        pos,
        this.names.timestamp(pos),
        tooOldMessage(tsMs, this.limits),
        INGEST_LIMIT_KEYS.minTsMs,
      );
      return;
    }
    if (tsMs > this.maxTsMs) {
      this.problems.add(
        pos,
        this.names.timestamp(pos),
        tooNewMessage(tsMs, this.limits),
        INGEST_LIMIT_KEYS.maxTsMs,
      );
      return;
    }
    if (series === undefined) {
      return;
    }
    if (tsMs > series.lastTs) {
      series.lastTs = tsMs;
    } else {
      series.ascending = false;
    }
    const row = this.stored;
    if (series !== this.current) {
      this.startRun(series, row);
    }
    if (row === this.timestamps.length) {
      this.grow();
    }
    this.timestamps[row] = tsMs;
    this.values[row] = value;
    if (this.seriesIndexes !== undefined) {
      this.seriesIndexes[row] = series.index;
    }
    if (this.positions !== undefined) {
      this.positions[row] = pos;
    }
    series.count++;
    this.stored = row + 1;
  }

  finish(): IngestResult | typeof NEEDS_POSITIONS {
    if (this.seriesIndexes !== undefined) {
      this.regroup(this.seriesIndexes);
    }
    const timestamps = this.timestamps.subarray(0, this.stored);
    const values = this.values.subarray(0, this.stored);
    for (const builder of this.series) {
      if (!builder.ascending && this.sortAndCheck(builder, timestamps, values) === NEEDS_POSITIONS) {
        return NEEDS_POSITIONS;
      }
    }
    if (this.sampleTotal > this.maxSamples) {
      this.problems.add(
        this.firstOverflowPos,
        this.names.sample(this.firstOverflowPos),
        tooManySamplesMessage(this.sampleTotal, this.limits),
        INGEST_LIMIT_KEYS.maxSamplesPerRequest,
      );
    }
    if (this.problems.count > 0) {
      return this.problems.failure();
    }
    // Without problems every counted sample was stored: `stored === sampleTotal`.
    const result: IngestSeries[] = [];
    for (const builder of this.series) {
      if (builder.count > 0) {
        const { labels, start, count } = builder;
        result.push({ labels, fingerprint: fingerprint(labels), start, count });
      }
    }
    return { ok: true, series: result, timestampsMs: timestamps, values, sampleCount: this.sampleTotal };
  }

  /** `series` gets the sample at `row`, and the previous sample was of another series (or there was none). */
  private startRun(series: SeriesBuilder, row: number): void {
    if (series.count === 0) {
      series.start = row;
    } else if (this.seriesIndexes === undefined) {
      // The series comes back after another one: its samples are no longer one run. From now on each sample's
      // series is recorded; the rows so far are still runs, one per series.
      const indexes = new Int32Array(this.timestamps.length);
      for (const builder of this.series) {
        indexes.fill(builder.index, builder.start, builder.start + builder.count);
      }
      this.seriesIndexes = indexes;
    }
    this.current = series;
  }

  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.timestamps.length * 2);
    this.timestamps = grown(this.timestamps, capacity);
    this.values = grown(this.values, capacity);
    if (this.positions !== undefined) {
      this.positions = grown(this.positions, capacity);
    }
    if (this.seriesIndexes !== undefined) {
      const indexes = new Int32Array(capacity);
      indexes.set(this.seriesIndexes);
      this.seriesIndexes = indexes;
    }
  }

  /** Moves each series' samples together (stable: arrival order within a series), series in order of appearance. */
  private regroup(indexes: Int32Array): void {
    const n = this.stored;
    const next = new Int32Array(this.series.length);
    let start = 0;
    for (const builder of this.series) {
      builder.start = start;
      next[builder.index] = start;
      start += builder.count;
    }
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    const positions = this.positions === undefined ? undefined : new Float64Array(n);
    for (let row = 0; row < n; row++) {
      const index = indexes[row] ?? 0;
      const to = next[index] ?? 0;
      next[index] = to + 1;
      timestamps[to] = this.timestamps[row] ?? 0;
      values[to] = this.values[row] ?? 0;
      if (positions !== undefined) {
        positions[to] = this.positions?.[row] ?? 0;
      }
    }
    this.timestamps = timestamps;
    this.values = values;
    this.positions = positions;
    this.seriesIndexes = undefined;
  }

  /**
   * Sorts the series' slice by timestamp in place (stable: arrival order among equals). A repeated timestamp
   * is reported against its first occurrence, or answers `NEEDS_POSITIONS` when positions are not tracked.
   * A reported duplicate stays in the slice: the request fails anyway.
   */
  private sortAndCheck(
    builder: SeriesBuilder,
    timestamps: Float64Array,
    values: Float64Array,
  ): typeof NEEDS_POSITIONS | undefined {
    const { start, count } = builder;
    const slice = timestamps.subarray(start, start + count);
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => (slice[a] ?? 0) - (slice[b] ?? 0) || a - b,
    );
    const positions = this.positions;
    if (positions === undefined) {
      for (let k = 1; k < count; k++) {
        if (slice[order[k] ?? 0] === slice[order[k - 1] ?? 0]) {
          return NEEDS_POSITIONS;
        }
      }
    } else {
      let firstPos = -1;
      let previousTs = NaN;
      for (const i of order) {
        const ts = slice[i] ?? NaN;
        const pos = positions[start + i] ?? -1;
        if (ts === previousTs) {
          this.problems.add(
            pos,
            this.names.timestamp(pos),
            `duplicate sample for ${formatLabels(builder.labels)} at ${formatTimestamp(ts)} ` +
              `(first at ${this.names.timestamp(firstPos)})`,
          );
          continue;
        }
        previousTs = ts;
        firstPos = pos;
      }
    }
    permute(timestamps, start, order);
    permute(values, start, order);
    return undefined;
  }
}

function grown(column: Float64Array, capacity: number): Float64Array {
  const bigger = new Float64Array(capacity);
  bigger.set(column);
  return bigger;
}

/** Reorders `column[start + k] = old column[start + order[k]]`. */
function permute(column: Float64Array, start: number, order: readonly number[]): void {
  const old = column.slice(start, start + order.length);
  for (let k = 0; k < order.length; k++) {
    column[start + k] = old[order[k] ?? 0] ?? 0;
  }
}
