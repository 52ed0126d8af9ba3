/** Shared value types of the pure core. Timestamps are epoch milliseconds. */

/** A label set. Keys are label names; `__name__` holds the metric name. */
export type Labels = Readonly<Record<string, string>>;

/** One sample: [timestamp in epoch ms, value]. */
export type Sample = readonly [tsMs: number, value: number];

/** A series and some of its samples, in ascending timestamp order. */
export interface SeriesSamples {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** One element of an instant vector: a label set and its value at the evaluation time. */
export interface VectorElement {
  readonly labels: Labels;
  readonly value: number;
}

export const METRIC_NAME_LABEL = '__name__';
