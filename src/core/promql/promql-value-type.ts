import { PromqlExpr } from './promql-ast';
import { FUNCTION_SIGNATURES } from './promql-function-signatures';

/** Static type of an expression, as PromQL's type checker sees it. */
export type PromqlValueType = 'scalar' | 'vector' | 'matrix';

export const VALUE_TYPE_NAMES: Readonly<Record<PromqlValueType, string>> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
};

export function typeOf(expr: PromqlExpr): PromqlValueType {
  switch (expr.type) {
    case 'NumberLiteral':
      return 'scalar';
    case 'VectorSelector':
    case 'Aggregation':
      return 'vector';
    case 'MatrixSelector':
      return 'matrix';
    case 'Call':
      return FUNCTION_SIGNATURES.get(expr.func)?.returnType ?? 'vector';
    case 'Paren':
    case 'Unary':
      return typeOf(expr.expr);
    case 'Binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}
