import { createHash } from 'node:crypto';
import { Labels, METRIC_NAME_LABEL } from '../model';

/** Returns a copy of `labels` with keys in ascending order and empty values removed (Prometheus: empty == absent). */
export function sortLabels(labels: Labels): Labels {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (value !== undefined && value !== '') {
      sorted[key] = value;
    }
  }
  return sorted;
}

/**
 * Stable identity of a label set: 32 hex chars of SHA-256 over the JSON of its sorted `[name, value]` pairs.
 * Key order and empty values do not change the fingerprint; JSON's quoting keeps every boundary unambiguous.
 */
export function fingerprint(labels: Labels): string {
  return createHash('sha256')
    .update(JSON.stringify(Object.entries(sortLabels(labels))))
    .digest('hex')
    .slice(0, 32);
}

export function metricName(labels: Labels): string {
  return labels[METRIC_NAME_LABEL] ?? '';
}

/** Labels without the metric name, as Prometheus drops it from the result of functions and aggregations. */
export function withoutMetricName(labels: Labels): Labels {
  const { [METRIC_NAME_LABEL]: _dropped, ...rest } = labels;
  return rest;
}

/** Renders labels the way Prometheus prints them: `name{a="1", b="2"}`. */
export function formatLabels(labels: Labels): string {
  const sorted = sortLabels(labels);
  const name = sorted[METRIC_NAME_LABEL] ?? '';
  const pairs = Object.entries(sorted)
    .filter(([key]) => key !== METRIC_NAME_LABEL)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return pairs.length === 0 ? name || '{}' : `${name}{${pairs.join(', ')}}`;
}
