/**
 * AST of the supported PromQL subset. Every node carries `start`/`end`: 0-based character offsets into the
 * parsed text (`end` exclusive), so messages can point at the part of an expression they talk about.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher, e.g. `job=~"api|web"`. The metric name in `foo{...}` is a `__name__="foo"` matcher too. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;
export type AggregationOp =
  'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'quantile' | 'topk' | 'bottomk';
export type UnaryOp = '-' | '+';

export const COMPARISON_OPS: readonly ComparisonOp[] = ['==', '!=', '>', '<', '>=', '<='];
export const SET_OPS: readonly SetOp[] = ['and', 'or', 'unless'];
export const AGGREGATION_OPS: readonly AggregationOp[] = [
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'group',
  'stddev',
  'stdvar',
  'quantile',
  'topk',
  'bottomk',
];
/** Aggregations that take a scalar parameter before the vector: `topk(3, x)`, `quantile(0.9, x)`. */
export const PARAMETRIC_AGGREGATIONS: readonly AggregationOp[] = ['quantile', 'topk', 'bottomk'];

export function isComparisonOp(op: string): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

export function isSetOp(op: string): op is SetOp {
  return (SET_OPS as readonly string[]).includes(op);
}

interface NodeRange {
  /** Offset of the node's first character. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

export interface NumberLiteral extends NodeRange {
  readonly type: 'NumberLiteral';
  readonly value: number;
}

export interface VectorSelector extends NodeRange {
  readonly type: 'VectorSelector';
  /** Metric name when written as `foo` or `foo{...}`; also present as a `__name__` `=` matcher. */
  readonly name?: string;
  readonly matchers: LabelMatcher[];
  /** `offset 5m` → 300000; negative for `offset -5m`; 0 when absent. */
  readonly offsetMs: number;
}

export interface MatrixSelector extends NodeRange {
  readonly type: 'MatrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
}

export interface Call extends NodeRange {
  readonly type: 'Call';
  readonly func: string;
  readonly args: PromqlExpr[];
}

export interface Aggregation extends NodeRange {
  readonly type: 'Aggregation';
  readonly op: AggregationOp;
  /** Labels of `by (...)` or `without (...)`; empty for neither. */
  readonly grouping: string[];
  readonly without: boolean;
  /** The scalar parameter of `quantile`, `topk` and `bottomk`. */
  readonly param?: PromqlExpr;
  readonly expr: PromqlExpr;
}

export interface Binary extends NodeRange {
  readonly type: 'Binary';
  readonly op: BinaryOp;
  readonly lhs: PromqlExpr;
  readonly rhs: PromqlExpr;
  /** `bool` modifier of a comparison: yield 0/1 instead of filtering. */
  readonly bool: boolean;
  /** `on`/`ignoring` and `group_left`/`group_right`; absent when written without them. */
  readonly matching?: VectorMatching;
}

/**
 * How a vector/vector operation pairs elements. `card` is the side with many elements per match group:
 * `many-to-one` for `group_left`, `one-to-many` for `group_right`; set operators are always `many-to-many`.
 */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** True for `on (labels)`: match on these labels only; false for `ignoring (labels)`: on all but these. */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Labels of `group_left (...)`/`group_right (...)`, copied from the "one" side into the result. */
  readonly include: readonly string[];
}

export interface Paren extends NodeRange {
  readonly type: 'Paren';
  readonly expr: PromqlExpr;
}

export interface Unary extends NodeRange {
  readonly type: 'Unary';
  readonly op: UnaryOp;
  readonly expr: PromqlExpr;
}

export type PromqlExpr =
  NumberLiteral | VectorSelector | MatrixSelector | Call | Aggregation | Binary | Paren | Unary;

/** Strips any number of enclosing parentheses. */
export function unwrapParens(expr: PromqlExpr): PromqlExpr {
  let current = expr;
  while (current.type === 'Paren') {
    current = current.expr;
  }
  return current;
}

export { formatPromql } from './format-promql';
