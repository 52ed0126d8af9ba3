import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { kahanSum, mean } from './kahan-sum';
import { labelSetKey } from './label-set-key';
import { AggregationOp } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';
import { compareNaNFirst, quantile } from './quantile';

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

/** Population variance as Prometheus's `stdvar` aggregation computes it: Welford's method from the first value. */
function groupVariance(values: readonly number[]): number {
  let mean = values[0] ?? NaN;
  let aux = 0;
  for (let index = 1; index < values.length; index += 1) {
    const value = values[index] ?? NaN;
    const delta = value - mean;
    mean += delta / (index + 1);
    aux += delta * (value - mean);
  }
  return aux / values.length;
}

type ValueReducer = (values: readonly number[], param: number) => number;

const REDUCERS: Readonly<Record<Exclude<AggregationOp, 'topk' | 'bottomk'>, ValueReducer>> = {
  sum: kahanSum,
  avg: mean,
  min: (values) => extreme(values, (candidate, current) => candidate < current),
  max: (values) => extreme(values, (candidate, current) => candidate > current),
  count: (values) => values.length,
  group: () => 1,
  stdvar: groupVariance,
  stddev: (values) => Math.sqrt(groupVariance(values)),
  quantile: (values, q) => quantile(q, values),
};

/** topk/bottomk's k: Prometheus truncates it to an integer and refuses values beyond int64. */
function selectionSize(param: number): number {
  if (!Number.isFinite(param) || Math.abs(param) >= 2 ** 63) {
    throw new PromqlEvalError(`Scalar value ${param} overflows int64`);
  }
  return Math.trunc(param);
}

/**
 * `op by (grouping) (elements)` / `op without (grouping) (elements)`; groups come out in order of first appearance.
 * `param` is the evaluated scalar of quantile (q), topk and bottomk (k). topk/bottomk keep the chosen elements
 * whole (labels included); NaN values rank last for both.
 */
export function aggregateVector(
  op: AggregationOp,
  elements: readonly VectorElement[],
  grouping: readonly string[],
  without: boolean,
  param = NaN,
): VectorElement[] {
  const groups = new Map<string, { labels: Labels; members: VectorElement[] }>();
  for (const element of elements) {
    const labels = groupingLabels(element.labels, grouping, without);
    const key = labelSetKey(labels);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { labels, members: [element] });
    } else {
      group.members.push(element);
    }
  }
  if (op === 'topk' || op === 'bottomk') {
    const k = selectionSize(param);
    if (k < 1) {
      return [];
    }
    const direction = op === 'topk' ? -1 : 1;
    const rank = (a: VectorElement, b: VectorElement): number =>
      Number.isNaN(a.value) || Number.isNaN(b.value)
        ? -compareNaNFirst(a.value, b.value)
        : direction * compareNaNFirst(a.value, b.value);
    return [...groups.values()].flatMap(({ members }) => [...members].sort(rank).slice(0, k));
  }
  const reduce = REDUCERS[op];
  return [...groups.values()].map(({ labels, members }) => ({
    labels,
    value: reduce(
      members.map((member) => member.value),
      param,
    ),
  }));
}
