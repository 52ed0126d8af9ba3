import { METRIC_NAME_LABEL } from '../model';
import { InvalidDurationError, parseDuration } from '../time/duration';
import { didYouMean } from '../templates/did-you-mean';
import { formatPromql } from './format-promql';
import { InvalidLabelRegexError, compileLabelRegex, matchesValue } from './label-matcher';
import {
  AGGREGATION_OPS,
  AggregationOp,
  BinaryOp,
  LabelMatcher,
  MatchOp,
  NumberLiteral,
  PARAMETRIC_AGGREGATIONS,
  PromqlExpr,
  VectorMatching,
  VectorSelector,
  isComparisonOp,
  isSetOp,
} from './promql-ast';
import {
  FUNCTION_SIGNATURES,
  UNSUPPORTED_AGGREGATIONS,
  UNSUPPORTED_FUNCTIONS,
} from './promql-function-signatures';
import { SymbolText, Token, tokenize } from './promql-lexer';
import { PromqlParseError } from './promql-parse-error';
import { PromqlValueType, typeOf } from './promql-value-type';

export { PromqlParseError } from './promql-parse-error';

/** Binding strength of the binary operators handled by precedence climbing (`^` is parsed separately). */
const BINARY_OPS: ReadonlyMap<string, { op: BinaryOp; precedence: number }> = new Map(
  (
    [
      ['or', 1],
      ['and', 2],
      ['unless', 2],
      ['==', 3],
      ['!=', 3],
      ['>', 3],
      ['<', 3],
      ['>=', 3],
      ['<=', 3],
      ['+', 4],
      ['-', 4],
      ['*', 5],
      ['/', 5],
      ['%', 5],
    ] as const
  ).map(([op, precedence]) => [op, { op, precedence }]),
);
const LOWEST_PRECEDENCE = 1;
const MATCH_OPS: readonly string[] = ['=', '!=', '=~', '!~'];
const VECTOR_MATCHING_KEYWORDS: readonly string[] = ['on', 'ignoring', 'group_left', 'group_right'];
/** Keywords Prometheus does not accept as metric names. */
const RESERVED_NAMES: readonly string[] = ['bool', 'and', 'or', 'unless', ...VECTOR_MATCHING_KEYWORDS];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const TYPE_WITH_ARTICLE: Readonly<Record<PromqlValueType, string>> = {
  scalar: 'a scalar',
  vector: 'an instant vector',
  matrix: 'a range vector',
};

/**
 * Parses the supported PromQL subset into an AST. Throws `PromqlParseError` (with the offending offset) for
 * syntax errors, type errors (e.g. `rate(x)`), invalid regexes, unknown functions and unsupported features.
 */
export function parsePromql(input: string): PromqlExpr {
  const parser = new PromqlParser(tokenize(input));
  const expr = parser.parseExpression();
  parser.expectEnd();
  if (typeOf(expr) === 'matrix') {
    throw new PromqlParseError(
      `a range vector cannot be the result of an expression; wrap it in a function such as rate(...) or avg_over_time(...)`,
      expr.start,
    );
  }
  return expr;
}

function describe(token: Token): string {
  if (token.kind === 'eof') {
    return 'end of input';
  }
  return token.kind === 'string' ? `string ${token.text}` : JSON.stringify(token.text);
}

function unexpected(token: Token, expected: string): PromqlParseError {
  return new PromqlParseError(
    `unexpected ${describe(token)} at ${token.start}, expected ${expected}`,
    token.start,
  );
}

function isSymbol(token: Token, text: SymbolText): boolean {
  return token.kind === 'symbol' && token.text === text;
}

function isKeyword(token: Token, ...words: readonly string[]): boolean {
  return token.kind === 'identifier' && words.includes(token.text.toLowerCase());
}

/** The binary operator a token may stand for: a symbol, or `and`/`or`/`unless` in any case. */
function operatorText(token: Token): string {
  if (token.kind === 'symbol') {
    return token.text;
  }
  return token.kind === 'identifier' && isSetOp(token.text.toLowerCase()) ? token.text.toLowerCase() : '';
}

function isAggregationOp(name: string): name is AggregationOp {
  return (AGGREGATION_OPS as readonly string[]).includes(name);
}

class PromqlParser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseExpression(): PromqlExpr {
    return this.parseBinary(LOWEST_PRECEDENCE);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'eof') {
      this.rejectOperatorKeyword(token);
      if (isSymbol(token, '=')) {
        throw new PromqlParseError(`unexpected "=" at ${token.start}; use "==" to compare`, token.start);
      }
      throw unexpected(token, 'an operator or end of input');
    }
  }

  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (token === undefined) {
      throw new Error('token list must end with eof');
    }
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') {
      this.index += 1;
    }
    return token;
  }

  private expectSymbol(text: SymbolText, expected = JSON.stringify(text)): Token {
    const token = this.next();
    if (!isSymbol(token, text)) {
      throw unexpected(token, expected);
    }
    return token;
  }

  // ---- operators -------------------------------------------------------------------------------------

  private parseBinary(minPrecedence: number): PromqlExpr {
    let lhs = this.parseUnary();
    for (;;) {
      const token = this.peek();
      this.rejectOperatorKeyword(token);
      const binary = BINARY_OPS.get(operatorText(token));
      if (binary === undefined || binary.precedence < minPrecedence) {
        return lhs;
      }
      this.next();
      const bool = this.parseBoolModifier(binary.op);
      const matching = this.parseVectorMatching(binary.op);
      const rhs = this.parseBinary(binary.precedence + 1);
      lhs = this.makeBinary(binary.op, lhs, rhs, bool, token, matching);
    }
  }

  /** Unary minus binds looser than `^` and tighter than `*`: `-2 ^ 2` is `-(2 ^ 2)`, `-a * b` is `(-a) * b`. */
  private parseUnary(): PromqlExpr {
    const token = this.peek();
    if (!isSymbol(token, '-') && !isSymbol(token, '+')) {
      return this.parsePower();
    }
    this.next();
    const op = token.text === '-' ? '-' : '+';
    const operand = this.parseUnary();
    if (typeOf(operand) === 'matrix') {
      throw new PromqlParseError(
        `unary "${op}" expects a scalar or an instant vector, got a range vector`,
        operand.start,
      );
    }
    if (operand.type === 'NumberLiteral') {
      const value = op === '-' ? -operand.value : operand.value;
      return { type: 'NumberLiteral', value, start: token.start, end: operand.end };
    }
    return { type: 'Unary', op, expr: operand, start: token.start, end: operand.end };
  }

  /** `^` is right-associative and takes a unary operand on its right: `2 ^ -1`, `2 ^ 3 ^ 2` = `2 ^ (3 ^ 2)`. */
  private parsePower(): PromqlExpr {
    const base = this.parsePostfix();
    const token = this.peek();
    if (!isSymbol(token, '^')) {
      return base;
    }
    this.next();
    const bool = this.parseBoolModifier('^');
    const matching = this.parseVectorMatching('^');
    const exponent = this.parseUnary();
    return this.makeBinary('^', base, exponent, bool, token, matching);
  }

  private parseBoolModifier(op: BinaryOp): boolean {
    const token = this.peek();
    if (!isKeyword(token, 'bool')) {
      return false;
    }
    if (!isComparisonOp(op)) {
      throw new PromqlParseError(
        `the bool modifier can only be used on comparison operators (==, !=, >, <, >=, <=), not "${op}"`,
        token.start,
      );
    }
    this.next();
    return true;
  }

  /** `on (...)`/`ignoring (...)`, optionally followed by `group_left (...)`/`group_right (...)`. */
  private parseVectorMatching(op: BinaryOp): VectorMatching | undefined {
    const token = this.peek();
    if (isKeyword(token, 'group_left', 'group_right')) {
      throw new PromqlParseError(
        `"${token.text}" must follow on (...) or ignoring (...), e.g. ${op} on (instance) ${token.text} (job)`,
        token.start,
      );
    }
    if (!isKeyword(token, 'on', 'ignoring')) {
      return undefined;
    }
    this.next();
    const labels = this.parseLabelList(token.text);
    const group = this.peek();
    if (!isKeyword(group, 'group_left', 'group_right')) {
      return { card: 'one-to-one', on: token.text.toLowerCase() === 'on', labels, include: [] };
    }
    this.next();
    if (isSetOp(op)) {
      throw new PromqlParseError(`no grouping allowed for "${op}" operation`, group.start);
    }
    const include = isSymbol(this.peek(), '(') ? this.parseLabelList(group.text) : [];
    const on = token.text.toLowerCase() === 'on';
    const both = on ? include.find((label) => labels.includes(label)) : undefined;
    if (both !== undefined) {
      throw new PromqlParseError(
        `label "${both}" must not occur in ON and GROUP clause at once`,
        group.start,
      );
    }
    const card = group.text.toLowerCase() === 'group_left' ? 'many-to-one' : 'one-to-many';
    return { card, on, labels, include };
  }

  private rejectOperatorKeyword(token: Token): void {
    if (isKeyword(token, 'atan2')) {
      throw new PromqlParseError(`operator "atan2" is not supported yet`, token.start);
    }
  }

  private makeBinary(
    op: BinaryOp,
    lhs: PromqlExpr,
    rhs: PromqlExpr,
    bool: boolean,
    opToken: Token,
    written: VectorMatching | undefined,
  ): PromqlExpr {
    for (const operand of [lhs, rhs]) {
      if (typeOf(operand) === 'matrix') {
        throw new PromqlParseError(
          `operator "${op}" expects scalars or instant vectors, got a range vector; wrap it in a function such as rate(...)`,
          operand.start,
        );
      }
    }
    if (isComparisonOp(op) && !bool && typeOf(lhs) === 'scalar' && typeOf(rhs) === 'scalar') {
      throw new PromqlParseError(
        `comparisons between scalars must use the bool modifier, e.g. 1 ${op} bool 0`,
        opToken.start,
      );
    }
    const bothVectors = typeOf(lhs) === 'vector' && typeOf(rhs) === 'vector';
    if (isSetOp(op) && !bothVectors) {
      throw new PromqlParseError(
        `set operator "${op}" not allowed in binary scalar expression`,
        opToken.start,
      );
    }
    if (!bothVectors && written !== undefined && written.labels.length > 0) {
      throw new PromqlParseError('vector matching only allowed between instant vectors', opToken.start);
    }
    let matching = bothVectors ? written : undefined;
    if (isSetOp(op)) {
      matching = {
        card: 'many-to-many',
        on: matching?.on ?? false,
        labels: matching?.labels ?? [],
        include: [],
      };
    }
    const binary = { type: 'Binary', op, lhs, rhs, bool, start: lhs.start, end: rhs.end } as const;
    return matching === undefined ? binary : { ...binary, matching };
  }

  // ---- selectors and modifiers -----------------------------------------------------------------------

  private parsePostfix(): PromqlExpr {
    let expr = this.parsePrimary();
    let offsetSeen = false;
    for (;;) {
      const token = this.peek();
      if (isSymbol(token, '[')) {
        expr = this.parseRange(expr, offsetSeen);
      } else if (isKeyword(token, 'offset')) {
        expr = this.parseOffset(expr, offsetSeen);
        offsetSeen = true;
      } else if (isSymbol(token, '@')) {
        throw new PromqlParseError('the "@" modifier is not supported yet', token.start);
      } else {
        return expr;
      }
    }
  }

  private parseRange(expr: PromqlExpr, offsetSeen: boolean): PromqlExpr {
    const open = this.next();
    const durationToken = this.next();
    if (durationToken.kind !== 'duration') {
      throw unexpected(durationToken, 'a range duration such as 5m');
    }
    const rangeMs = this.durationOf(durationToken);
    const after = this.peek();
    if (isSymbol(after, ':') || (after.kind === 'identifier' && after.text.startsWith(':'))) {
      throw new PromqlParseError('subqueries such as x[1h:5m] are not supported yet', after.start);
    }
    const close = this.expectSymbol(']');
    if (expr.type !== 'VectorSelector') {
      throw new PromqlParseError(
        `a range [${durationToken.text}] can only follow a vector selector, e.g. http_requests_total[${durationToken.text}]`,
        open.start,
      );
    }
    if (offsetSeen) {
      throw new PromqlParseError(
        `the range must come before the offset, e.g. foo[${durationToken.text}] offset 1h`,
        open.start,
      );
    }
    if (rangeMs <= 0) {
      throw new PromqlParseError('a range must be greater than 0', durationToken.start);
    }
    return { type: 'MatrixSelector', selector: expr, rangeMs, start: expr.start, end: close.end };
  }

  private parseOffset(expr: PromqlExpr, offsetSeen: boolean): PromqlExpr {
    const keyword = this.next();
    if (offsetSeen) {
      throw new PromqlParseError('offset may not be set multiple times', keyword.start);
    }
    if (expr.type !== 'VectorSelector' && expr.type !== 'MatrixSelector') {
      throw new PromqlParseError(
        'offset must follow a vector or range selector directly, e.g. sum(foo offset 5m), not sum(foo) offset 5m',
        keyword.start,
      );
    }
    const negative = isSymbol(this.peek(), '-');
    if (negative) {
      this.next();
    }
    const durationToken = this.next();
    if (durationToken.kind !== 'duration') {
      throw unexpected(durationToken, 'an offset duration such as 5m');
    }
    const offsetMs = (negative ? -1 : 1) * this.durationOf(durationToken);
    if (expr.type === 'VectorSelector') {
      return { ...expr, offsetMs, end: durationToken.end };
    }
    return { ...expr, selector: { ...expr.selector, offsetMs }, end: durationToken.end };
  }

  private durationOf(token: Token): number {
    try {
      return parseDuration(token.text);
    } catch (error) {
      if (error instanceof InvalidDurationError) {
        throw new PromqlParseError(
          `invalid duration ${JSON.stringify(token.text)} at ${token.start}: units must go from longest to shortest, each at most once, e.g. 1h30m`,
          token.start,
        );
      }
      throw error;
    }
  }

  // ---- primaries -------------------------------------------------------------------------------------

  private parsePrimary(): PromqlExpr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { type: 'NumberLiteral', value: token.value, start: token.start, end: token.end };
      case 'string':
        throw new PromqlParseError(
          `string literals are only allowed as label matcher values, e.g. {job="api"}; found ${token.text} at ${token.start}`,
          token.start,
        );
      case 'identifier':
        return this.parseIdentifierExpression(token);
      case 'symbol':
        if (token.text === '(') {
          return this.parseParen();
        }
        if (token.text === '{') {
          return this.parseSelector(undefined);
        }
        throw unexpected(token, 'an expression');
      case 'duration':
      case 'eof':
        throw unexpected(token, 'an expression');
    }
  }

  private parseIdentifierExpression(token: Token): PromqlExpr {
    const lower = token.text.toLowerCase();
    if (lower === 'inf' || lower === 'nan') {
      this.next();
      const value = lower === 'inf' ? Infinity : NaN;
      return { type: 'NumberLiteral', value, start: token.start, end: token.end } satisfies NumberLiteral;
    }
    const following = this.peek(1);
    const startsAggregation = isSymbol(following, '(') || isKeyword(following, 'by', 'without');
    if (startsAggregation && isAggregationOp(lower)) {
      return this.parseAggregation(lower);
    }
    if (startsAggregation && UNSUPPORTED_AGGREGATIONS.has(lower)) {
      throw new PromqlParseError(`aggregation "${token.text}" is not supported yet`, token.start);
    }
    if (isSymbol(following, '(')) {
      return this.parseCall();
    }
    if (RESERVED_NAMES.includes(lower)) {
      throw unexpected(token, 'an expression');
    }
    return this.parseSelector(token);
  }

  private parseParen(): PromqlExpr {
    const open = this.next();
    const expr = this.parseExpression();
    const close = this.expectSymbol(')', '")" or an operator');
    return { type: 'Paren', expr, start: open.start, end: close.end };
  }

  private parseSelector(nameToken: Token | undefined): VectorSelector {
    const start = nameToken?.start ?? this.peek().start;
    let end = nameToken?.end ?? start;
    if (nameToken !== undefined) {
      this.next();
    }
    let written: Array<{ matcher: LabelMatcher; start: number }> = [];
    if (isSymbol(this.peek(), '{')) {
      const list = this.parseMatcherList();
      written = list.matchers;
      end = list.end;
    }
    const name = nameToken?.text;
    if (name !== undefined) {
      const duplicate = written.find(({ matcher }) => matcher.name === METRIC_NAME_LABEL);
      if (duplicate !== undefined) {
        throw new PromqlParseError(
          `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(duplicate.matcher.value)}`,
          duplicate.start,
        );
      }
    }
    const matchers = [
      ...(name === undefined ? [] : [{ name: METRIC_NAME_LABEL, op: '=', value: name } as const]),
      ...written.map(({ matcher }) => matcher),
    ];
    if (matchers.every((matcher) => matchesValue(matcher, ''))) {
      throw new PromqlParseError(
        'a vector selector needs a metric name or a matcher that does not match the empty string, e.g. {job=~".+"}',
        start,
      );
    }
    return name === undefined
      ? { type: 'VectorSelector', matchers, offsetMs: 0, start, end }
      : { type: 'VectorSelector', name, matchers, offsetMs: 0, start, end };
  }

  private parseMatcherList(): { matchers: Array<{ matcher: LabelMatcher; start: number }>; end: number } {
    this.next();
    const matchers: Array<{ matcher: LabelMatcher; start: number }> = [];
    for (;;) {
      const nameToken = this.next();
      if (isSymbol(nameToken, '}')) {
        return { matchers, end: nameToken.end };
      }
      const name = this.labelName(nameToken);
      const opToken = this.next();
      if (opToken.kind !== 'symbol' || !MATCH_OPS.includes(opToken.text)) {
        throw unexpected(opToken, 'a label matcher operator (=, !=, =~, !~)');
      }
      const op = opToken.text as MatchOp;
      const valueToken = this.next();
      if (valueToken.kind !== 'string') {
        throw unexpected(valueToken, 'a quoted label value, e.g. "api"');
      }
      const matcher: LabelMatcher = { name, op, value: valueToken.value };
      if (op === '=~' || op === '!~') {
        this.checkRegex(matcher, valueToken);
      }
      matchers.push({ matcher, start: nameToken.start });
      const separator = this.peek();
      if (isSymbol(separator, ',')) {
        this.next();
      } else if (!isSymbol(separator, '}')) {
        throw unexpected(separator, '"," or "}"');
      }
    }
  }

  private checkRegex(matcher: LabelMatcher, valueToken: Token): void {
    try {
      compileLabelRegex(matcher.value);
    } catch (error) {
      if (error instanceof InvalidLabelRegexError) {
        throw new PromqlParseError(
          `${error.message} in matcher ${matcher.name}${matcher.op}${valueToken.text}`,
          valueToken.start,
        );
      }
      throw error;
    }
  }

  private labelName(token: Token): string {
    if (token.kind !== 'identifier') {
      throw unexpected(token, 'a label name');
    }
    if (!LABEL_NAME.test(token.text)) {
      throw new PromqlParseError(
        `invalid label name ${JSON.stringify(token.text)} at ${token.start}: label names may not contain ":"`,
        token.start,
      );
    }
    return token.text;
  }

  // ---- aggregations and calls ------------------------------------------------------------------------

  private parseAggregation(op: AggregationOp): PromqlExpr {
    const opToken = this.next();
    let modifier = this.parseGroupingModifier();
    this.expectSymbol('(', `"(" after aggregation "${op}"`);
    if (isSymbol(this.peek(), ')')) {
      throw unexpected(this.peek(), `an instant vector argument to "${op}"`);
    }
    const param = PARAMETRIC_AGGREGATIONS.includes(op) ? this.parseAggregationParam(op) : undefined;
    const expr = this.parseExpression();
    if (isSymbol(this.peek(), ',')) {
      throw new PromqlParseError(`aggregation "${op}" takes exactly one argument`, this.peek().start);
    }
    const close = this.expectSymbol(')', '")" or an operator');
    let end = close.end;
    if (modifier === undefined) {
      modifier = this.parseGroupingModifier();
      end = modifier?.end ?? end;
    }
    const argType = typeOf(expr);
    if (argType !== 'vector') {
      const hint = argType === 'matrix' ? `, e.g. ${op}(rate(x[5m])) or ${op}_over_time(x[5m])` : '';
      throw new PromqlParseError(
        `aggregation "${op}" expects an instant vector, got ${TYPE_WITH_ARTICLE[argType]}${hint}`,
        expr.start,
      );
    }
    return {
      type: 'Aggregation',
      op,
      grouping: modifier?.labels ?? [],
      without: modifier?.without ?? false,
      ...(param === undefined ? {} : { param }),
      expr,
      start: opToken.start,
      end,
    };
  }

  /** The scalar before the vector in `topk(3, x)`, `quantile(0.9, x)`, and the comma after it. */
  private parseAggregationParam(op: AggregationOp): PromqlExpr {
    const param = this.parseExpression();
    const paramType = typeOf(param);
    if (paramType !== 'scalar') {
      throw new PromqlParseError(
        `aggregation "${op}" expects a scalar parameter first, e.g. ${op}(${op === 'quantile' ? '0.9' : '5'}, x), got ${TYPE_WITH_ARTICLE[paramType]}`,
        param.start,
      );
    }
    this.expectSymbol(',', `"," and the instant vector after the parameter of "${op}"`);
    return param;
  }

  private parseGroupingModifier(): { without: boolean; labels: string[]; end: number } | undefined {
    const keyword = this.peek();
    if (!isKeyword(keyword, 'by', 'without')) {
      return undefined;
    }
    this.next();
    const labels = this.parseLabelList(keyword.text);
    return {
      without: keyword.text.toLowerCase() === 'without',
      labels,
      end: this.tokens[this.index - 1]?.end ?? 0,
    };
  }

  /** `(a, b)` after `by`, `without`, `on`, `ignoring`, `group_left` or `group_right`. */
  private parseLabelList(after: string): string[] {
    this.expectSymbol('(', `"(" after "${after}"`);
    const labels: string[] = [];
    for (;;) {
      const token = this.next();
      if (isSymbol(token, ')')) {
        return labels;
      }
      labels.push(this.labelName(token));
      const separator = this.peek();
      if (isSymbol(separator, ',')) {
        this.next();
      } else if (!isSymbol(separator, ')')) {
        throw unexpected(separator, '"," or ")"');
      }
    }
  }

  private parseCall(): PromqlExpr {
    const nameToken = this.next();
    const name = nameToken.text;
    const signature = FUNCTION_SIGNATURES.get(name);
    if (signature === undefined) {
      if (UNSUPPORTED_FUNCTIONS.has(name)) {
        throw new PromqlParseError(`function "${name}" is not supported yet`, nameToken.start);
      }
      const hint = didYouMean(name, [...FUNCTION_SIGNATURES.keys(), ...AGGREGATION_OPS].sort());
      throw new PromqlParseError(`unknown function "${name}"${hint}`, nameToken.start);
    }
    this.next();
    const args: PromqlExpr[] = [];
    if (!isSymbol(this.peek(), ')')) {
      for (;;) {
        args.push(this.parseExpression());
        if (!isSymbol(this.peek(), ',')) {
          break;
        }
        this.next();
      }
    }
    const close = this.expectSymbol(')', args.length === 0 ? '")"' : '"," or ")"');
    const maxArgs = signature.argTypes.length;
    if (args.length < signature.minArgs || args.length > maxArgs) {
      const count = signature.minArgs === maxArgs ? `${maxArgs}` : `${signature.minArgs} to ${maxArgs}`;
      throw new PromqlParseError(
        `function "${name}" expects ${count} argument${maxArgs === 1 ? '' : 's'}, got ${args.length}`,
        nameToken.start,
      );
    }
    args.forEach((arg, index) => {
      const expected = signature.argTypes[index] ?? 'vector';
      const actual = typeOf(arg);
      if (expected === actual) {
        return;
      }
      if (expected === 'matrix') {
        throw new PromqlParseError(
          `function "${name}" expects a range vector, e.g. ${name}(${this.rangeExample(arg)})`,
          arg.start,
        );
      }
      const position = maxArgs === 1 ? '' : ` as argument ${index + 1}`;
      const hint = expected === 'scalar' && actual === 'vector' ? '; use scalar(...) to convert' : '';
      throw new PromqlParseError(
        `function "${name}" expects ${TYPE_WITH_ARTICLE[expected]}${position}, got ${TYPE_WITH_ARTICLE[actual]}${hint}`,
        arg.start,
      );
    });
    return { type: 'Call', func: name, args, start: nameToken.start, end: close.end };
  }

  /** `foo[5m]` for a selector argument (so the hint shows the user's own metric), else `x[5m]`. */
  private rangeExample(arg: PromqlExpr): string {
    if (arg.type !== 'VectorSelector') {
      return 'x[5m]';
    }
    return formatPromql({ type: 'MatrixSelector', selector: arg, rangeMs: 5 * 60_000, start: 0, end: 0 });
  }
}
