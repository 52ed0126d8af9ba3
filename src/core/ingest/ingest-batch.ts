import { Labels, Sample } from '../model';

/** One series of an ingest request, ready to store: its samples are a slice of the request's columns. */
export interface IngestSeries {
  /** Sorted by name, empty values dropped, includes `__name__`. */
  readonly labels: Labels;
  /** `fingerprint(labels)` from `core/labels`, computed once per distinct series. */
  readonly fingerprint: string;
  /** Index of the series' first sample in `IngestColumns.timestampsMs` and `values`. */
  readonly start: number;
  /** Number of samples (at least 1): the slice `[start, start + count)`, ascending, unique timestamps. */
  readonly count: number;
}

/**
 * The samples of a whole request as parallel columns, one slice per series. Slices do not overlap and together
 * cover the columns, but need not be in the order of `series`.
 */
export interface IngestColumns {
  /** Series in order of first appearance in the request. */
  readonly series: IngestSeries[];
  /** `sampleCount` long. */
  readonly timestampsMs: Float64Array;
  /** `sampleCount` long. */
  readonly values: Float64Array;
  readonly sampleCount: number;
}

/** Something wrong with an ingest request. */
export interface IngestProblem {
  /** `line 3` (text format), `$[2].samples[0][1]` (JSON) or `request` (the whole body). */
  readonly where: string;
  readonly message: string;
  /** Config key of the limit that was hit, e.g. `INGEST_MAX_LABELS`; absent for syntax errors. */
  readonly limit?: string;
}

export type IngestResult =
  | ({ readonly ok: true } & IngestColumns)
  | {
      readonly ok: false;
      /** At most `MAX_REPORTED_PROBLEMS`, then one `... and N more` entry. */
      readonly problems: IngestProblem[];
      /** True when the only reason is the request's sample count (HTTP 413). */
      readonly tooLarge?: boolean;
    };

/** The samples of one series as `[tsMs, value]` tuples (allocates: for tests and callers off the hot path). */
export function samplesOf(
  columns: Pick<IngestColumns, 'timestampsMs' | 'values'>,
  series: Pick<IngestSeries, 'start' | 'count'>,
): Sample[] {
  const samples: Sample[] = [];
  for (let i = series.start; i < series.start + series.count; i++) {
    samples.push([columns.timestampsMs[i] ?? NaN, columns.values[i] ?? NaN]);
  }
  return samples;
}

export interface IngestLimits {
  /** Including `__name__`. */
  readonly maxLabelsPerSeries: number;
  readonly maxLabelNameLength: number;
  /** Also applies to the metric name, which is the value of `__name__`. */
  readonly maxLabelValueLength: number;
  readonly maxSamplesPerRequest: number;
  /** Oldest accepted timestamp (inclusive): start of the raw retention window. */
  readonly minTsMs: number;
  /** Newest accepted timestamp (inclusive): now plus the allowed future skew. */
  readonly maxTsMs: number;
}
