import { fingerprint, formatLabels } from '../labels/labels';
import { Labels, Sample } from '../model';
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

/** Samples of one series as they arrive, and (when tracked) the position each came from. */
export class SeriesBuilder {
  readonly samples: Sample[] = [];
  /** Only filled when the accumulator tracks positions. */
  readonly positions: number[] = [];
  lastTs = -Infinity;
  /** Strictly ascending so far: then no sort and no duplicate check are needed. */
  ascending = true;

  constructor(readonly labels: Labels) {}
}

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

  constructor(
    private readonly limits: IngestLimits,
    private readonly problems: ProblemCollector,
    private readonly names: PositionNames,
    private readonly trackPositions = false,
  ) {
    this.minTsMs = limits.minTsMs;
    this.maxTsMs = limits.maxTsMs;
    this.maxSamples = limits.maxSamplesPerRequest;
  }

  /** The builder for a label set; label sets with equal keys share one. */
  seriesFor(set: LabelSet): SeriesBuilder {
    let builder = this.byKey.get(set.key);
    if (builder === undefined) {
      builder = new SeriesBuilder(set.labels);
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
    series.samples.push([tsMs, value]);
    if (this.trackPositions) {
      series.positions.push(pos);
    }
  }

  finish(): IngestResult | typeof NEEDS_POSITIONS {
    if (!this.trackPositions && this.series.some((builder) => !builder.ascending && hasDuplicate(builder))) {
      return NEEDS_POSITIONS;
    }
    if (this.sampleTotal > this.maxSamples) {
      this.problems.add(
        this.firstOverflowPos,
        this.names.sample(this.firstOverflowPos),
        tooManySamplesMessage(this.sampleTotal, this.limits),
        INGEST_LIMIT_KEYS.maxSamplesPerRequest,
      );
    }
    const sortedSamples = this.series.map((builder) =>
      builder.ascending ? builder.samples : this.sortAndCheck(builder),
    );
    if (this.problems.count > 0) {
      return this.problems.failure();
    }
    const result: IngestSeries[] = [];
    this.series.forEach((builder, i) => {
      const samples = sortedSamples[i] ?? [];
      if (samples.length > 0) {
        result.push({ labels: builder.labels, fingerprint: fingerprint(builder.labels), samples });
      }
    });
    return { ok: true, series: result, sampleCount: this.sampleTotal };
  }

  /** Sorts by timestamp (then arrival) and reports every repeated timestamp against its first occurrence. */
  private sortAndCheck(builder: SeriesBuilder): Sample[] {
    const { samples, positions } = builder;
    const order = samples.map((_, i) => i);
    order.sort((a, b) => (samples[a]?.[0] ?? 0) - (samples[b]?.[0] ?? 0) || a - b);
    const sorted: Sample[] = [];
    let firstPos = -1;
    let previousTs = NaN;
    for (const index of order) {
      const sample = samples[index];
      const pos = positions[index] ?? -1;
      if (sample === undefined) {
        continue;
      }
      if (sample[0] === previousTs) {
        this.problems.add(
          pos,
          this.names.timestamp(pos),
          `duplicate sample for ${formatLabels(builder.labels)} at ${formatTimestamp(sample[0])} ` +
            `(first at ${this.names.timestamp(firstPos)})`,
        );
        continue;
      }
      previousTs = sample[0];
      firstPos = pos;
      sorted.push(sample);
    }
    return sorted;
  }
}

function hasDuplicate(builder: SeriesBuilder): boolean {
  const timestamps = builder.samples.map((sample) => sample[0]).sort((a, b) => a - b);
  return timestamps.some((ts, i) => i > 0 && ts === timestamps[i - 1]);
}
