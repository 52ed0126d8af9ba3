import { ComparisonOp, PromqlExpr, unwrapParens } from './promql-ast';
import { typeOf } from './promql-value-type';

/** The comparison with the operands swapped: `5 < x` is `x > 5`. */
const MIRRORED: Readonly<Record<ComparisonOp, ComparisonOp>> = {
  '==': '==',
  '!=': '!=',
  '>': '<',
  '<': '>',
  '>=': '<=',
  '<=': '>=',
};

/**
 * The top-level `<vector expr> <cmp> <number>` of an alert expression (parentheses around either side allowed,
 * `5 < x` read as `x > 5`), so alerts can show "value vs threshold". Undefined for anything else, including
 * `bool` comparisons.
 */
export function splitAlertComparison(
  expr: PromqlExpr,
): { lhs: PromqlExpr; op: ComparisonOp; threshold: number } | undefined {
  const top = unwrapParens(expr);
  if (top.type !== 'Binary' || top.bool) {
    return undefined;
  }
  const { op } = top;
  if (!(op in MIRRORED)) {
    return undefined;
  }
  const comparison = op as ComparisonOp;
  const lhs = unwrapParens(top.lhs);
  const rhs = unwrapParens(top.rhs);
  if (rhs.type === 'NumberLiteral' && typeOf(lhs) === 'vector') {
    return { lhs: top.lhs, op: comparison, threshold: rhs.value };
  }
  if (lhs.type === 'NumberLiteral' && typeOf(rhs) === 'vector') {
    return { lhs: top.rhs, op: MIRRORED[comparison], threshold: lhs.value };
  }
  return undefined;
}
