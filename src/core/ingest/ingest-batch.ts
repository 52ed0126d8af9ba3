import { Labels, Sample } from '../model';

/** One series of an ingest request, ready to store. */
export interface IngestSeries {
  /** Sorted by name, empty values dropped, includes `__name__`. */
  readonly labels: Labels;
  /** `fingerprint(labels)` from `core/labels`, computed once per distinct series. */
  readonly fingerprint: string;
  /** Ascending, unique timestamps. */
  readonly samples: Sample[];
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
  | { readonly ok: true; readonly series: IngestSeries[]; readonly sampleCount: number }
  | {
      readonly ok: false;
      /** At most `MAX_REPORTED_PROBLEMS`, then one `... and N more` entry. */
      readonly problems: IngestProblem[];
      /** True when the only reason is the request's sample count (HTTP 413). */
      readonly tooLarge?: boolean;
    };

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
