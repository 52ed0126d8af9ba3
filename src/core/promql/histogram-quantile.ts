import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { labelSetKey } from './label-set-key';

/** One classic histogram bucket: cumulative count of observations ≤ `upperBound`. */
interface Bucket {
  upperBound: number;
  count: number;
}

const GO_FLOAT = /^[+-]?(?:\d+(?:_\d+)*\.?(?:\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;

/**
 * Go's `strconv.ParseFloat` for the values an `le` label holds: decimal numbers, `Inf`/`+Inf`/`-Inf`/`Infinity`
 * and `NaN` in any case. Undefined for anything else (Prometheus then skips the sample).
 */
export function parseBucketBound(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') {
    return Infinity;
  }
  if (lower === '-inf' || lower === '-infinity') {
    return -Infinity;
  }
  if (lower === 'nan') {
    return NaN;
  }
  return GO_FLOAT.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** Merges buckets with the same bound (sorted input), adding their counts. */
function coalesce(buckets: Bucket[]): Bucket[] {
  const result: Bucket[] = [];
  for (const bucket of buckets) {
    const last = result[result.length - 1];
    if (last !== undefined && last.upperBound === bucket.upperBound) {
      last.count += bucket.count;
    } else {
      result.push({ ...bucket });
    }
  }
  return result;
}

/** Raises any count below an earlier one to it (counts scraped at different times can dip). */
function ensureMonotonic(buckets: Bucket[]): void {
  let max = -Infinity;
  for (const bucket of buckets) {
    if (bucket.count > max) {
      max = bucket.count;
    } else if (bucket.count < max) {
      bucket.count = max;
    }
  }
}

/** Prometheus 2.42's `bucketQuantile`: linear interpolation inside the bucket where rank q·total falls. */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) {
    return NaN;
  }
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1]?.upperBound !== Infinity) {
    return NaN;
  }
  const buckets = coalesce(sorted);
  ensureMonotonic(buckets);
  if (buckets.length < 2) {
    return NaN;
  }
  const observations = buckets[buckets.length - 1]?.count ?? 0;
  if (observations === 0) {
    return NaN;
  }
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let index = 0; index < buckets.length - 1; index += 1) {
    if ((buckets[index]?.count ?? 0) >= rank) {
      b = index;
      break;
    }
  }
  if (b === buckets.length - 1) {
    return buckets[buckets.length - 2]?.upperBound ?? NaN;
  }
  const bucket = buckets[b] ?? { upperBound: NaN, count: NaN };
  if (b === 0 && bucket.upperBound <= 0) {
    return bucket.upperBound;
  }
  let bucketStart = 0;
  let count = bucket.count;
  const previous = buckets[b - 1];
  if (previous !== undefined) {
    bucketStart = previous.upperBound;
    count -= previous.count;
    rank -= previous.count;
  }
  return bucketStart + (bucket.upperBound - bucketStart) * (rank / count);
}

/**
 * `histogram_quantile(q, buckets)` over classic buckets: elements are grouped by their labels without `le`, and
 * each group gives one result without `__name__` and `le`. Elements without a parsable `le` are skipped.
 */
export function histogramQuantile(q: number, vector: readonly VectorElement[]): VectorElement[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const element of vector) {
    const upperBound = parseBucketBound(element.labels.le ?? '');
    if (upperBound === undefined) {
      continue;
    }
    const { le: _le, ...withoutLe } = element.labels;
    const key = labelSetKey(withoutLe);
    let group = groups.get(key);
    if (group === undefined) {
      const { [METRIC_NAME_LABEL]: _name, quantile: _quantile, ...labels } = withoutLe;
      group = { labels, buckets: [] };
      groups.set(key, group);
    }
    group.buckets.push({ upperBound, count: element.value });
  }
  return [...groups.values()].map(({ labels, buckets }) => ({ labels, value: bucketQuantile(q, buckets) }));
}
