import { VectorElement } from '../model';
import { formatLabels, withoutMetricName } from '../labels/labels';
import { assertUniqueLabelSets, labelSetKey } from './label-set-key';
import { BinaryOp, isComparisonOp } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';

/** Go's `math.Pow`, which differs from `**` for a base of 1 and for (-1) ** ±Inf. */
function goPow(base: number, exponent: number): number {
  if (base === 1 || (base === -1 && (exponent === Infinity || exponent === -Infinity))) {
    return 1;
  }
  return base ** exponent;
}

/** Arithmetic result, or for comparisons whether the comparison holds (1) or not (0). */
export function applyOperator(op: BinaryOp, lhs: number, rhs: number): number {
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
export function scalarBinary(op: BinaryOp, lhs: number, rhs: number, bool: boolean): number {
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
  op: BinaryOp,
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

/**
 * vector op vector with one-to-one matching on identical label sets apart from `__name__`. Unmatched elements
 * drop out. Results carry the left element's labels (without `__name__` for arithmetic and `bool`) and, for a
 * filtering comparison, the left value.
 */
export function vectorVectorBinary(
  op: BinaryOp,
  lhs: readonly VectorElement[],
  rhs: readonly VectorElement[],
  bool: boolean,
): VectorElement[] {
  const rightBySignature = new Map<string, VectorElement>();
  for (const element of rhs) {
    const signature = labelSetKey(withoutMetricName(element.labels));
    const duplicate = rightBySignature.get(signature);
    if (duplicate !== undefined) {
      throw new PromqlEvalError(
        `found duplicate series for the match group ${formatLabels(withoutMetricName(element.labels))} on the right ` +
          `hand-side of the operation: [${formatLabels(element.labels)}, ${formatLabels(duplicate.labels)}]; ` +
          `many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    rightBySignature.set(signature, element);
  }
  const comparison = isComparisonOp(op);
  const matchedSignatures = new Set<string>();
  const result: VectorElement[] = [];
  for (const element of lhs) {
    const signature = labelSetKey(withoutMetricName(element.labels));
    const match = rightBySignature.get(signature);
    if (match === undefined) {
      continue;
    }
    const outcome = applyOperator(op, element.value, match.value);
    if (comparison && !bool && outcome !== 1) {
      continue;
    }
    if (matchedSignatures.has(signature)) {
      throw new PromqlEvalError(
        `multiple matches for labels ${formatLabels(withoutMetricName(element.labels))}: many-to-one matching must be ` +
          `explicit (group_left/group_right), which is not supported yet`,
      );
    }
    matchedSignatures.add(signature);
    const keepName = comparison && !bool;
    result.push({
      labels: keepName ? element.labels : withoutMetricName(element.labels),
      value: comparison && !bool ? element.value : outcome,
    });
  }
  return result;
}
