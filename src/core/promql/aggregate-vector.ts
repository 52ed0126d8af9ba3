import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { kahanSum, mean } from './kahan-sum';
import { labelSetKey } from './label-set-key';
import { AggregationOp } from './promql-ast';

/** Result labels of one element: only the `by` labels, or all but the `without` labels and `__name__`. */
export function groupingLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  const result: Record<string, string> = {};
  if (without) {
    for (const name of Object.keys(labels).sort()) {
      const value = labels[name] ?? '';
      if (value !== '' && name !== METRIC_NAME_LABEL && !grouping.includes(name)) {
        result[name] = value;
      }
    }
    return result;
  }
  for (const name of [...grouping].sort()) {
    const value = labels[name] ?? '';
    if (value !== '') {
      result[name] = value;
    }
  }
  return result;
}

/** Prometheus min/max: a NaN is replaced by any later value, so NaN only results when all values are NaN. */
function extreme(values: readonly number[], better: (candidate: number, current: number) => boolean): number {
  let result = values[0] ?? NaN;
  for (const value of values) {
    if (better(value, result) || Number.isNaN(result)) {
      result = value;
    }
  }
  return result;
}

const REDUCERS: Readonly<Record<AggregationOp, (values: readonly number[]) => number>> = {
  sum: kahanSum,
  avg: mean,
  min: (values) => extreme(values, (candidate, current) => candidate < current),
  max: (values) => extreme(values, (candidate, current) => candidate > current),
  count: (values) => values.length,
};

/** `op by (grouping) (elements)` / `op without (grouping) (elements)`; groups come out in order of first appearance. */
export function aggregateVector(
  op: AggregationOp,
  elements: readonly VectorElement[],
  grouping: readonly string[],
  without: boolean,
): VectorElement[] {
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const element of elements) {
    const labels = groupingLabels(element.labels, grouping, without);
    const key = labelSetKey(labels);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { labels, values: [element.value] });
    } else {
      group.values.push(element.value);
    }
  }
  return [...groups.values()].map(({ labels, values }) => ({ labels, value: REDUCERS[op](values) }));
}
