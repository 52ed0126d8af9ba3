import { Labels, METRIC_NAME_LABEL } from '../model';
import { IngestLimits } from './ingest-batch';
import {
  INGEST_LIMIT_KEYS,
  labelNameTooLongMessage,
  labelValueTooLongMessage,
  quote,
  tooManyLabelsMessage,
} from './ingest-limits';
import { isReservedLabelName, isValidLabelName, isValidMetricName } from './label-syntax';

/** A validated label set: sorted labels (empty values dropped) and a collision-free identity key. */
export interface LabelSet {
  readonly labels: Labels;
  /** `name=<value length>:<value>,` per label in name order; equal keys <=> equal label sets. */
  readonly key: string;
}

/** `labelName` is the label the problem is about, `undefined` for the label set as a whole. */
export type LabelProblemReporter = (labelName: string | undefined, message: string, limit?: string) => void;

/**
 * Validates parsed label pairs (`__name__` carries the metric name) and builds the label set.
 * Reports every problem and returns `undefined` if there was any. Runs once per distinct series, not per sample.
 */
export function buildLabelSet(
  names: readonly string[],
  values: readonly string[],
  limits: IngestLimits,
  report: LabelProblemReporter,
): LabelSet | undefined {
  let problems = 0;
  const fail: LabelProblemReporter = (labelName, message, limit) => {
    problems++;
    report(labelName, message, limit);
  };

  let hasMetricName = false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? '';
    const value = values[i] ?? '';
    if (name === METRIC_NAME_LABEL) {
      hasMetricName = true;
      if (!isValidMetricName(value)) {
        fail(name, `invalid metric name ${quote(value)}`);
      }
    } else if (!isValidLabelName(name)) {
      fail(name, `invalid label name ${quote(name)}`);
      continue;
    } else if (isReservedLabelName(name)) {
      fail(name, reservedLabelNameMessage(name));
      continue;
    } else if (name.length > limits.maxLabelNameLength) {
      fail(name, labelNameTooLongMessage(name, limits), INGEST_LIMIT_KEYS.maxLabelNameLength);
    }
    if (value.length > limits.maxLabelValueLength) {
      fail(name, labelValueTooLongMessage(name, value, limits), INGEST_LIMIT_KEYS.maxLabelValueLength);
    }
  }
  if (!hasMetricName) {
    fail(METRIC_NAME_LABEL, 'required');
  }

  const order = names
    .map((_, i) => i)
    .sort((a, b) => compareStrings(names[a] ?? '', names[b] ?? '') || a - b);
  let stored = 0;
  for (let k = 0; k < order.length; k++) {
    const name = names[order[k] ?? 0] ?? '';
    if (k > 0 && name === names[order[k - 1] ?? 0]) {
      fail(name, `duplicate label name ${quote(name)}`);
    } else if (values[order[k] ?? 0] !== '') {
      stored++;
    }
  }
  if (stored > limits.maxLabelsPerSeries) {
    fail(undefined, tooManyLabelsMessage(stored, limits), INGEST_LIMIT_KEYS.maxLabelsPerSeries);
  }
  if (problems > 0) {
    return undefined;
  }

  // Names are valid and not reserved here, so no key can touch Object.prototype (`__proto__`).
  const labels: Record<string, string> = {};
  let key = '';
  for (const index of order) {
    const name = names[index] ?? '';
    const value = values[index] ?? '';
    if (value !== '') {
      labels[name] = value;
      key += `${name}=${value.length}:${value},`;
    }
  }
  return { labels, key };
}

export function reservedLabelNameMessage(name: string): string {
  return `label name ${quote(name)} is reserved (names starting with "__" are for internal use)`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
