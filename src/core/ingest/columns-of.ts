import { fingerprint } from '../labels/labels';
import { Labels } from '../model';
import { IngestColumns } from './ingest-batch';

/** Columns for one sample per series at `tsMs` (recording rules write this shape). Label sets must be distinct. */
export function columnsAt(
  tsMs: number,
  samples: ReadonlyArray<{ labels: Labels; value: number }>,
): IngestColumns {
  return {
    series: samples.map(({ labels }, start) => ({
      labels,
      fingerprint: fingerprint(labels),
      start,
      count: 1,
    })),
    timestampsMs: new Float64Array(samples.length).fill(tsMs),
    values: Float64Array.from(samples, (sample) => sample.value),
    sampleCount: samples.length,
  };
}
