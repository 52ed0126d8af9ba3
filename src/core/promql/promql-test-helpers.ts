import { PromqlExpr } from './promql-ast';

/** Fully parenthesised rendering of a tree, to assert precedence and associativity in specs. */
export function shapeOf(expr: PromqlExpr): string {
  switch (expr.type) {
    case 'Binary':
      return `(${shapeOf(expr.lhs)} ${expr.op}${expr.bool ? ' bool' : ''} ${shapeOf(expr.rhs)})`;
    case 'Unary':
      return `${expr.op}${shapeOf(expr.expr)}`;
    case 'Paren':
      return `[${shapeOf(expr.expr)}]`;
    case 'NumberLiteral':
      return String(expr.value);
    case 'VectorSelector':
      return expr.name ?? '{}';
    case 'MatrixSelector':
      return `${shapeOf(expr.selector)}[${expr.rangeMs}]`;
    case 'Call':
      return `${expr.func}(${expr.args.map(shapeOf).join(', ')})`;
    case 'Aggregation':
      return `${expr.op}(${shapeOf(expr.expr)})`;
  }
}

/** The tree without `start`/`end`, for comparing trees parsed from different texts. */
export function withoutOffsets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutOffsets);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'start' && key !== 'end')
        .map(([key, inner]) => [key, withoutOffsets(inner)]),
    );
  }
  return value;
}
