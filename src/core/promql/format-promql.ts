import { formatDuration } from '../time/duration';
import type { BinaryOp, LabelMatcher, PromqlExpr, VectorMatching, VectorSelector } from './promql-ast';
import { quoteString } from './promql-string-literal';

const METRIC_NAME = '__name__';

/** Binding strength of binary operators; `^` is right-associative, all others left-associative. */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 7,
};
/** Unary minus binds tighter than `*` but looser than `^`: `-2 ^ 2` is `-(2 ^ 2)`. */
const UNARY_PRECEDENCE = 6;
const ATOM_PRECEDENCE = 8;

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (value === Infinity) {
    return 'Inf';
  }
  if (value === -Infinity) {
    return '-Inf';
  }
  return String(value);
}

export function formatSignedDuration(ms: number): string {
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

/** `name{a="1",b=~"x"}`: with `name` given, it is the prefix and its `__name__="name"` matcher is not repeated. */
export function formatMatchers(matchers: readonly LabelMatcher[], name?: string): string {
  let nameSkipped = false;
  const parts: string[] = [];
  for (const matcher of matchers) {
    const isName = matcher.name === METRIC_NAME && matcher.op === '=' && matcher.value === name;
    if (isName && !nameSkipped) {
      nameSkipped = true;
      continue;
    }
    parts.push(`${matcher.name}${matcher.op}${quoteString(matcher.value)}`);
  }
  const prefix = name ?? '';
  return parts.length === 0 && prefix !== '' ? prefix : `${prefix}{${parts.join(',')}}`;
}

function formatSelector(selector: VectorSelector, rangeMs?: number): string {
  const range = rangeMs === undefined ? '' : `[${formatDuration(rangeMs)}]`;
  const offset = selector.offsetMs === 0 ? '' : ` offset ${formatSignedDuration(selector.offsetMs)}`;
  return `${formatMatchers(selector.matchers, selector.name)}${range}${offset}`;
}

/** ` on (a) group_left (b)`; nothing for default matching and for the implicit many-to-many of set operators. */
function formatMatching(matching: VectorMatching | undefined): string {
  if (
    matching === undefined ||
    (matching.card === 'many-to-many' && !matching.on && matching.labels.length === 0)
  ) {
    return '';
  }
  const base = ` ${matching.on ? 'on' : 'ignoring'} (${matching.labels.join(', ')})`;
  if (matching.card === 'many-to-one' || matching.card === 'one-to-many') {
    const group = matching.card === 'many-to-one' ? 'group_left' : 'group_right';
    return `${base} ${group}${matching.include.length === 0 ? '' : ` (${matching.include.join(', ')})`}`;
  }
  return base;
}

function precedenceOf(expr: PromqlExpr): number {
  if (expr.type === 'Binary') {
    return BINARY_PRECEDENCE[expr.op];
  }
  if (
    expr.type === 'Unary' ||
    (expr.type === 'NumberLiteral' && (expr.value < 0 || Object.is(expr.value, -0)))
  ) {
    return UNARY_PRECEDENCE;
  }
  return ATOM_PRECEDENCE;
}

function formatOperand(expr: PromqlExpr, minPrecedence: number): string {
  const text = formatPromql(expr);
  return precedenceOf(expr) < minPrecedence ? `(${text})` : text;
}

/**
 * Canonical PromQL text of an expression: single spaces around binary operators, `sum by (a) (x)` for
 * aggregations, durations in largest units. Parsing the output gives back the same tree (offsets aside).
 */
export function formatPromql(expr: PromqlExpr): string {
  switch (expr.type) {
    case 'NumberLiteral':
      return formatNumber(expr.value);
    case 'VectorSelector':
      return formatSelector(expr);
    case 'MatrixSelector':
      return formatSelector(expr.selector, expr.rangeMs);
    case 'Call':
      return `${expr.func}(${expr.args.map(formatPromql).join(', ')})`;
    case 'Aggregation': {
      const modifier = expr.without ? 'without' : 'by';
      const grouping =
        expr.without || expr.grouping.length > 0 ? ` ${modifier} (${expr.grouping.join(', ')}) ` : '';
      const param = expr.param === undefined ? '' : `${formatPromql(expr.param)}, `;
      return `${expr.op}${grouping}(${param}${formatPromql(expr.expr)})`;
    }
    case 'Binary': {
      const precedence = BINARY_PRECEDENCE[expr.op];
      const rightAssociative = expr.op === '^';
      // `^` takes a unary operand on its right (`2 ^ -1`); left operands need a tighter binding than `^`.
      const lhs = formatOperand(expr.lhs, rightAssociative ? ATOM_PRECEDENCE : precedence);
      const rhs = formatOperand(expr.rhs, rightAssociative ? UNARY_PRECEDENCE : precedence + 1);
      return `${lhs} ${expr.op}${expr.bool ? ' bool' : ''}${formatMatching(expr.matching)} ${rhs}`;
    }
    case 'Paren':
      return `(${formatPromql(expr.expr)})`;
    case 'Unary':
      return `${expr.op}${formatOperand(expr.expr, UNARY_PRECEDENCE)}`;
  }
}
