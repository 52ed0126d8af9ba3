import { VectorElement } from '../model';
import { withoutMetricName } from '../labels/labels';
import { aggregateVector } from './aggregate-vector';
import { scalarBinary, setOperation, vectorScalarBinary, vectorVectorBinary } from './binary-operation';
import { evaluateCall } from './evaluate-call';
import { assertUniqueLabelSets } from './label-set-key';
import { formatPromql } from './format-promql';
import { PromqlExpr, isSetOp } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';
import { SelectorData, selectInstant } from './select-series';

export { LOOKBACK_MS } from './lookback';
export { PromqlEvalError } from './promql-eval-error';
export type { SelectorData, SelectedSeries } from './select-series';

export type PromqlValue = { type: 'scalar'; value: number } | { type: 'vector'; elements: VectorElement[] };

/**
 * Evaluates a parsed expression at `nowMs` (epoch ms) on pre-fetched data: `data` must hold an entry (possibly
 * empty) for every `selectorsOf(expr)` key. Follows Prometheus instant-query semantics for the supported subset.
 * Throws `PromqlEvalError` for missing data and for results Prometheus rejects (many-to-many matching, duplicate
 * label sets).
 */
export function evaluatePromql(expr: PromqlExpr, data: SelectorData, nowMs: number): PromqlValue {
  const evaluate = (node: PromqlExpr): PromqlValue => {
    switch (node.type) {
      case 'NumberLiteral':
        return { type: 'scalar', value: node.value };
      case 'Paren':
        return evaluate(node.expr);
      case 'VectorSelector':
        return { type: 'vector', elements: selectInstant(node, data, nowMs) };
      case 'MatrixSelector':
        throw new PromqlEvalError(
          `range vector ${formatPromql(node)} must be passed to a function such as rate(...)`,
        );
      case 'Call':
        return evaluateCall(node, { data, nowMs, evaluate });
      case 'Aggregation': {
        const param = node.param === undefined ? undefined : evaluate(node.param);
        if (param !== undefined && param.type !== 'scalar') {
          throw new PromqlEvalError(`aggregation "${node.op}" expects a scalar parameter`);
        }
        const operand = evaluate(node.expr);
        if (operand.type !== 'vector') {
          throw new PromqlEvalError(`aggregation "${node.op}" expects an instant vector`);
        }
        return {
          type: 'vector',
          elements: aggregateVector(node.op, operand.elements, node.grouping, node.without, param?.value),
        };
      }
      case 'Unary': {
        const operand = evaluate(node.expr);
        if (node.op === '+') {
          return operand;
        }
        if (operand.type === 'scalar') {
          return { type: 'scalar', value: -operand.value };
        }
        const elements = operand.elements.map((element) => ({
          labels: withoutMetricName(element.labels),
          value: -element.value,
        }));
        assertUniqueLabelSets(elements, 'unary "-"');
        return { type: 'vector', elements };
      }
      case 'Binary': {
        const { op } = node;
        const lhs = evaluate(node.lhs);
        const rhs = evaluate(node.rhs);
        if (isSetOp(op)) {
          if (lhs.type !== 'vector' || rhs.type !== 'vector') {
            throw new PromqlEvalError(`set operator "${op}" not allowed in binary scalar expression`);
          }
          return { type: 'vector', elements: setOperation(op, lhs.elements, rhs.elements, node.matching) };
        }
        if (lhs.type === 'scalar' && rhs.type === 'scalar') {
          return { type: 'scalar', value: scalarBinary(op, lhs.value, rhs.value, node.bool) };
        }
        if (lhs.type === 'vector' && rhs.type === 'vector') {
          return {
            type: 'vector',
            elements: vectorVectorBinary(op, lhs.elements, rhs.elements, node.bool, node.matching),
          };
        }
        const elements =
          lhs.type === 'vector'
            ? vectorScalarBinary(op, lhs.elements, rhs.type === 'scalar' ? rhs.value : NaN, false, node.bool)
            : vectorScalarBinary(op, rhs.type === 'vector' ? rhs.elements : [], lhs.value, true, node.bool);
        return { type: 'vector', elements };
      }
    }
  };
  return evaluate(expr);
}
