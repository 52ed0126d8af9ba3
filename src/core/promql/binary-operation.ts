import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { formatLabels, withoutMetricName } from '../labels/labels';
import { assertUniqueLabelSets, labelSetKey } from './label-set-key';
import { ArithmeticOp, BinaryOp, ComparisonOp, SetOp, VectorMatching, isComparisonOp } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';

/** Go's `math.Pow`, which differs from `**` for a base of 1 and for (-1) ** ±Inf. */
function goPow(base: number, exponent: number): number {
  if (base === 1 || (base === -1 && (exponent === Infinity || exponent === -Infinity))) {
    return 1;
  }
  return base ** exponent;
}

/** Arithmetic result, or for comparisons whether the comparison holds (1) or not (0). */
export function applyOperator(op: ArithmeticOp | ComparisonOp, lhs: number, rhs: number): number {
  switch (op) {
    case '+':
      return lhs + rhs;
    case '-':
      return lhs - rhs;
    case '*':
      return lhs * rhs;
    case '/':
      return lhs / rhs;
    case '%':
      return lhs % rhs;
    case '^':
      return goPow(lhs, rhs);
    case '==':
      return lhs === rhs ? 1 : 0;
    case '!=':
      return lhs !== rhs ? 1 : 0;
    case '>':
      return lhs > rhs ? 1 : 0;
    case '<':
      return lhs < rhs ? 1 : 0;
    case '>=':
      return lhs >= rhs ? 1 : 0;
    case '<=':
      return lhs <= rhs ? 1 : 0;
  }
}

/** scalar op scalar; comparisons need `bool` (checked by the parser) and give 0/1. */
export function scalarBinary(
  op: ArithmeticOp | ComparisonOp,
  lhs: number,
  rhs: number,
  bool: boolean,
): number {
  if (isComparisonOp(op) && !bool) {
    throw new PromqlEvalError(`comparisons between scalars must use the bool modifier`);
  }
  return applyOperator(op, lhs, rhs);
}

/**
 * vector op scalar (or scalar op vector with `scalarOnLeft`). Arithmetic maps each value and drops `__name__`.
 * A comparison keeps the elements where it holds, unchanged (value and labels, `__name__` included);
 * with `bool` every element stays with value 0/1 and without `__name__`.
 */
export function vectorScalarBinary(
  op: ArithmeticOp | ComparisonOp,
  vector: readonly VectorElement[],
  scalar: number,
  scalarOnLeft: boolean,
  bool: boolean,
): VectorElement[] {
  const comparison = isComparisonOp(op);
  const result: VectorElement[] = [];
  for (const element of vector) {
    const outcome = scalarOnLeft
      ? applyOperator(op, scalar, element.value)
      : applyOperator(op, element.value, scalar);
    if (!comparison) {
      result.push({ labels: withoutMetricName(element.labels), value: outcome });
    } else if (bool) {
      result.push({ labels: withoutMetricName(element.labels), value: outcome });
    } else if (outcome === 1) {
      result.push(element);
    }
  }
  assertUniqueLabelSets(result, `operator "${op}"`);
  return result;
}

const ONE_TO_ONE: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };

/** The match-group signature of a label set: only the `on` labels, or all but the `ignoring` ones and `__name__`. */
function matchSignature(labels: Labels, matching: VectorMatching): string {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    const listed = matching.labels.includes(name);
    if (matching.on ? listed : !listed && name !== METRIC_NAME_LABEL) {
      picked[name] = value;
    }
  }
  return labelSetKey(picked);
}

function matchGroupLabels(labels: Labels, matching: VectorMatching): Labels {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const listed = matching.labels.includes(name);
    if (matching.on ? listed : !listed && name !== METRIC_NAME_LABEL) {
      picked[name] = labels[name] ?? '';
    }
  }
  return picked;
}

/** Prometheus's `resultMetric`: the "many" (or left) side's labels, trimmed for one-to-one, plus `group_x` labels. */
function resultLabels(many: Labels, one: Labels, op: BinaryOp, matching: VectorMatching): Labels {
  let labels: Record<string, string> = { ...many };
  if (!isComparisonOp(op)) {
    delete labels[METRIC_NAME_LABEL];
  }
  if (matching.card === 'one-to-one') {
    labels = Object.fromEntries(
      Object.entries(labels).filter(([name]) => matching.labels.includes(name) === matching.on),
    );
  }
  for (const name of matching.include) {
    const value = one[name] ?? '';
    if (value !== '') {
      labels[name] = value;
    } else {
      delete labels[name];
    }
  }
  return labels;
}

/**
 * vector op vector as Prometheus's `VectorBinop`: elements pair up by match group (`on`/`ignoring`, by default all
 * labels but `__name__`); the "one" side (the right one, the left for `group_right`) must be unique per group, and
 * one-to-one matching must pair each group once. Unmatched elements drop out. Arithmetic drops `__name__`; a
 * filtering comparison keeps the left operand's value; `bool` gives 0/1 without `__name__`.
 */
export function vectorVectorBinary(
  op: ArithmeticOp | ComparisonOp,
  lhs: readonly VectorElement[],
  rhs: readonly VectorElement[],
  bool: boolean,
  matching: VectorMatching = ONE_TO_ONE,
): VectorElement[] {
  const swapped = matching.card === 'one-to-many';
  const [manySide, oneSide] = swapped ? [rhs, lhs] : [lhs, rhs];
  const oneBySignature = new Map<string, VectorElement>();
  for (const element of oneSide) {
    const signature = matchSignature(element.labels, matching);
    const duplicate = oneBySignature.get(signature);
    if (duplicate !== undefined) {
      throw new PromqlEvalError(
        `found duplicate series for the match group ${formatLabels(matchGroupLabels(element.labels, matching))} on the ` +
          `${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(element.labels)}, ` +
          `${formatLabels(duplicate.labels)}]; many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySignature.set(signature, element);
  }
  const comparison = isComparisonOp(op);
  const matched = new Map<string, Set<string>>();
  const result: VectorElement[] = [];
  for (const element of manySide) {
    const signature = matchSignature(element.labels, matching);
    const match = oneBySignature.get(signature);
    if (match === undefined) {
      continue;
    }
    const [left, right] = swapped ? [match.value, element.value] : [element.value, match.value];
    const outcome = applyOperator(op, left, right);
    if (comparison && !bool && outcome !== 1) {
      continue;
    }
    let labels = resultLabels(element.labels, match.labels, op, matching);
    if (bool) {
      labels = withoutMetricName(labels);
    }
    const inserted = matched.get(signature);
    if (matching.card === 'one-to-one') {
      if (inserted !== undefined) {
        throw new PromqlEvalError(
          `multiple matches for labels ${formatLabels(matchGroupLabels(element.labels, matching))}: ` +
            `many-to-one matching must be explicit (group_left/group_right)`,
        );
      }
      matched.set(signature, new Set());
    } else {
      const key = labelSetKey(labels);
      if (inserted?.has(key) === true) {
        throw new PromqlEvalError(
          `multiple matches for labels: grouping labels must ensure unique matches; ${formatLabels(labels)} twice`,
        );
      }
      matched.set(signature, (inserted ?? new Set()).add(key));
    }
    result.push({ labels, value: comparison && !bool ? left : outcome });
  }
  assertUniqueLabelSets(result, `operator "${op}"`);
  return result;
}

/**
 * `and`, `or`, `unless` (always many-to-many): `and` keeps the left elements whose match group occurs on the right,
 * `unless` those whose group does not, `or` all left elements plus the right ones whose group is not on the left.
 * Elements are kept whole.
 */
export function setOperation(
  op: SetOp,
  lhs: readonly VectorElement[],
  rhs: readonly VectorElement[],
  matching: VectorMatching = ONE_TO_ONE,
): VectorElement[] {
  const signatures = (elements: readonly VectorElement[]) =>
    new Set(elements.map((element) => matchSignature(element.labels, matching)));
  switch (op) {
    case 'and': {
      const right = signatures(rhs);
      return lhs.filter((element) => right.has(matchSignature(element.labels, matching)));
    }
    case 'unless': {
      const right = signatures(rhs);
      return lhs.filter((element) => !right.has(matchSignature(element.labels, matching)));
    }
    case 'or': {
      const left = signatures(lhs);
      return [...lhs, ...rhs.filter((element) => !left.has(matchSignature(element.labels, matching)))];
    }
  }
}
