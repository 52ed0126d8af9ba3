import { formatPromql } from './format-promql';
import { PromqlParseError, parsePromql } from './parse-promql';
import { PromqlExpr } from './promql-ast';

/** Fully parenthesised rendering of a tree, to assert precedence and associativity in specs. */
function shapeOf(expr: PromqlExpr): string {
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
function withoutOffsets(value: unknown): unknown {
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

function parseError(input: string): PromqlParseError {
  try {
    parsePromql(input);
  } catch (error) {
    if (error instanceof PromqlParseError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to fail`);
}

describe('parsePromql: trees', () => {
  it('parses a selector with name, matchers of every kind and the name as a __name__ matcher', () => {
    const input = `http_requests_total{job="api", code!="200", path=~'/v1/.*', env!~\`dev|test\`}`;
    expect(parsePromql(input)).toEqual({
      type: 'VectorSelector',
      name: 'http_requests_total',
      matchers: [
        { name: '__name__', op: '=', value: 'http_requests_total' },
        { name: 'job', op: '=', value: 'api' },
        { name: 'code', op: '!=', value: '200' },
        { name: 'path', op: '=~', value: '/v1/.*' },
        { name: 'env', op: '!~', value: 'dev|test' },
      ],
      offsetMs: 0,
      start: 0,
      end: input.length,
    });
  });

  it('parses a selector without a name', () => {
    const expr = parsePromql('{__name__=~"job:.*"}');
    expect(expr).toEqual({
      type: 'VectorSelector',
      matchers: [{ name: '__name__', op: '=~', value: 'job:.*' }],
      offsetMs: 0,
      start: 0,
      end: 20,
    });
    expect('name' in expr).toBe(false);
  });

  it('parses a range selector with offset inside a call, with offsets of every node', () => {
    const input = 'rate(http_requests_total{job="api"}[5m] offset 1h)';
    expect(parsePromql(input)).toEqual({
      type: 'Call',
      func: 'rate',
      start: 0,
      end: 50,
      args: [
        {
          type: 'MatrixSelector',
          rangeMs: 300_000,
          start: 5,
          end: 49,
          selector: {
            type: 'VectorSelector',
            name: 'http_requests_total',
            matchers: [
              { name: '__name__', op: '=', value: 'http_requests_total' },
              { name: 'job', op: '=', value: 'api' },
            ],
            offsetMs: 3_600_000,
            start: 5,
            end: 35,
          },
        },
      ],
    });
  });

  it.each([
    ['sum by (job, code) (x)', ['job', 'code'], false],
    ['sum(x) by (job, code)', ['job', 'code'], false],
    ['sum without (instance,) (x)', ['instance'], true],
    ['sum(x) without (instance)', ['instance'], true],
    ['sum(x)', [], false],
    ['SUM BY (job, code) (x)', ['job', 'code'], false],
  ])('parses aggregation %s', (input, grouping, without) => {
    expect(parsePromql(input)).toMatchObject({
      type: 'Aggregation',
      op: 'sum',
      grouping,
      without,
      start: 0,
      end: input.length,
    });
  });

  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b * c % d', '(((a / b) * c) % d)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-2 ^ 2', '-(2 ^ 2)'],
    ['-a * b', '(-a * b)'],
    ['2 ^ -1 * 3', '((2 ^ -1) * 3)'],
    ['a > b + c', '(a > (b + c))'],
    ['a + b > bool c * 2', '((a + b) > bool (c * 2))'],
    ['a == b != c', '((a == b) != c)'],
    ['(1 + 2) * 3', '([(1 + 2)] * 3)'],
    ['- -1', '1'],
    ['-(1)', '-[1]'],
    ['sum(a) by (x) / sum(b) by (x) > 0.5', '((sum(a) / sum(b)) > 0.5)'],
  ])('precedence: %s is %s', (input, shape) => {
    expect(shapeOf(parsePromql(input))).toBe(shape);
  });

  it.each([
    ['23', 23],
    ['-2.43', -2.43],
    ['3.4e-9', 3.4e-9],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['0x8f', 143],
    ['Inf', Infinity],
    ['-inf', -Infinity],
    ['+Inf', Infinity],
  ])('number %s is %d', (input, value) => {
    expect(parsePromql(input)).toMatchObject({ type: 'NumberLiteral', value, start: 0, end: input.length });
  });

  it('parses NaN in any case', () => {
    expect(parsePromql('nan')).toMatchObject({ type: 'NumberLiteral', value: NaN });
  });

  it.each([
    [String.raw`x{a="tab\there"}`, 'tab\there'],
    [String.raw`x{a="quote\"d"}`, 'quote"d'],
    [String.raw`x{a='it\'s'}`, "it's"],
    [String.raw`x{a="\x41\u00e9\U0001F600\101"}`, 'Aé😀A'],
    ['x{a=`raw\\d+\\n`}', String.raw`raw\d+\n`],
  ])('unescapes %s', (input, value) => {
    expect(parsePromql(input)).toMatchObject({ matchers: [{ name: '__name__' }, { name: 'a', value }] });
  });

  it('skips comments and newlines anywhere', () => {
    const expr = parsePromql('sum by (job) ( # per job\n  rate(x[5m])\n) # errors\n> 0.5 # threshold');
    expect(formatPromql(expr)).toBe('sum by (job) (rate(x[5m])) > 0.5');
  });

  it('accepts negative offsets and offsets on instant selectors', () => {
    expect(parsePromql('x offset -5m')).toMatchObject({
      type: 'VectorSelector',
      offsetMs: -300_000,
      end: 12,
    });
    expect(parsePromql('x offset 1h30m')).toMatchObject({ offsetMs: 5_400_000 });
  });

  it('accepts keywords as label names and metric names where Prometheus does', () => {
    expect(parsePromql('offset{by="x"}')).toMatchObject({
      name: 'offset',
      matchers: [{}, { name: 'by', value: 'x' }],
    });
    expect(parsePromql('sum by (on, bool) (x)')).toMatchObject({ grouping: ['on', 'bool'] });
  });
});

describe('parsePromql: vector matching and set operators', () => {
  it.each([
    ['a or b and c', '(a or (b and c))'],
    ['a and b unless c', '((a and b) unless c)'],
    ['a > 1 or b', '((a > 1) or b)'],
    ['a + b and c * d', '((a + b) and (c * d))'],
  ])('%s binds as %s', (input, shape) => {
    expect(shapeOf(parsePromql(input))).toBe(shape);
  });

  it.each([
    ['a / b', undefined],
    ['a / on(job) b', { card: 'one-to-one', on: true, labels: ['job'], include: [] }],
    ['a / ignoring(code) group_left b', { card: 'many-to-one', on: false, labels: ['code'], include: [] }],
    ['a * on(x) group_right(t, u) b', { card: 'one-to-many', on: true, labels: ['x'], include: ['t', 'u'] }],
    ['a and b', { card: 'many-to-many', on: false, labels: [], include: [] }],
    ['a unless on(x) b', { card: 'many-to-many', on: true, labels: ['x'], include: [] }],
    ['1 + on() a', undefined],
  ])('%s matches with %j', (input, matching) => {
    const expr = parsePromql(input);
    expect(expr.type === 'Binary' ? expr.matching : 'not binary').toEqual(matching);
  });
});

describe('parsePromql ∘ formatPromql round trips', () => {
  it.each([
    ['up', 'up'],
    ['up{job="api", instance=~"a.*"}', 'up{job="api",instance=~"a.*"}'],
    ['{__name__=~"job:.*"}', '{__name__=~"job:.*"}'],
    [
      'rate(http_requests_total{job="api"}[300s] offset 60m)',
      'rate(http_requests_total{job="api"}[5m] offset 1h)',
    ],
    ['sum(rate(x[5m])) by (job)', 'sum by (job) (rate(x[5m]))'],
    ['sum without (instance) (x)', 'sum without (instance) (x)'],
    ['avg by () (x)', 'avg(x)'],
    ['x > bool 1', 'x > bool 1'],
    ['1 + 2 * 3', '1 + 2 * 3'],
    ['(1 + 2) * 3', '(1 + 2) * 3'],
    ['-x', '-x'],
    ['- 5', '-5'],
    ['2 ^ -1', '2 ^ -1'],
    ['-2 ^ 2', '-2 ^ 2'],
    ['x offset -5m', 'x offset -5m'],
    ['clamp_min(x, 0)', 'clamp_min(x, 0)'],
    ['time()', 'time()'],
    ['1e3', '1000'],
    ['0x1F', '31'],
    ['-inf', '-Inf'],
    ['NaN', 'NaN'],
    ["up{a='it\\'s', b=`raw\\d`}", 'up{a="it\'s",b="raw\\\\d"}'],
    ['SUM BY (job) (x) > 5', 'sum by (job) (x) > 5'],
    ['max_over_time(x[1h30m])', 'max_over_time(x[1h30m])'],
    ['a / on(job) group_left(team, env) b', 'a / on (job) group_left (team, env) b'],
    ['a - IGNORING(code) GROUP_RIGHT b', 'a - ignoring (code) group_right b'],
    ['a > bool on() b', 'a > bool on () b'],
    ['a AND b or c UNLESS d', 'a and b or c unless d'],
    ['a or b and c', 'a or b and c'],
    ['(a or b) and c', '(a or b) and c'],
    ['a and on(x) b', 'a and on (x) b'],
    ['a > 1 and b < 2', 'a > 1 and b < 2'],
    ['topk(3, x) by (job)', 'topk by (job) (3, x)'],
    ['quantile without (i) (0.9, x)', 'quantile without (i) (0.9, x)'],
    ['stddev(x)', 'stddev(x)'],
    [
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
    ],
    ['quantile_over_time(0.5, x[10m])', 'quantile_over_time(0.5, x[10m])'],
  ])('%s formats as %s', (input, canonical) => {
    const parsed = parsePromql(input);
    expect(formatPromql(parsed)).toBe(canonical);
    expect(withoutOffsets(parsePromql(canonical))).toEqual(withoutOffsets(parsed));
  });

  it('adds parentheses a hand-built tree needs', () => {
    const one: PromqlExpr = { type: 'NumberLiteral', value: 1, start: 0, end: 0 };
    const sum: PromqlExpr = { type: 'Binary', op: '+', lhs: one, rhs: one, bool: false, start: 0, end: 0 };
    const product: PromqlExpr = {
      type: 'Binary',
      op: '*',
      lhs: sum,
      rhs: sum,
      bool: false,
      start: 0,
      end: 0,
    };
    expect(formatPromql(product)).toBe('(1 + 1) * (1 + 1)');
    const negated: PromqlExpr = { type: 'Unary', op: '-', expr: sum, start: 0, end: 0 };
    expect(formatPromql(negated)).toBe('-(1 + 1)');
  });
});

describe('parsePromql: errors', () => {
  it.each([
    ['up{job="api",', 'unexpected end of input at 13, expected a label name', 13],
    ['up{job="api"', 'unexpected end of input at 12, expected "," or "}"', 12],
    ['up{job="api"} }', 'unexpected "}" at 14, expected an operator or end of input', 14],
    ['up{job=api}', 'unexpected "api" at 7, expected a quoted label value, e.g. "api"', 7],
    ['up{job~"api"}', 'unexpected character "~" at 6', 6],
    ['up{,}', 'unexpected "," at 3, expected a label name', 3],
    ['up{instance:port="x"}', 'invalid label name "instance:port" at 3: label names may not contain ":"', 3],
    ['rat(x[5m])', 'unknown function "rat" (did you mean "rate"?)', 0],
    ['avg_over_tim(x[5m])', 'unknown function "avg_over_tim" (did you mean "avg_over_time"?)', 0],
    ['frobnicate(x)', 'unknown function "frobnicate"', 0],
    ['rate(x)', 'function "rate" expects a range vector, e.g. rate(x[5m])', 5],
    [
      'rate(up{job="a"} offset 1h)',
      'function "rate" expects a range vector, e.g. rate(up{job="a"}[5m] offset 1h)',
      5,
    ],
    ['abs(x[5m])', 'function "abs" expects an instant vector, got a range vector', 4],
    [
      'clamp_min(x, y)',
      'function "clamp_min" expects a scalar as argument 2, got an instant vector; use scalar(...) to convert',
      13,
    ],
    ['clamp_min(x)', 'function "clamp_min" expects 2 arguments, got 1', 0],
    ['round(x, 1, 2)', 'function "round" expects 1 to 2 arguments, got 3', 0],
    ['rate(x[5m]', 'unexpected end of input at 10, expected "," or ")"', 10],
    ['sum(x) by (job', 'unexpected end of input at 14, expected "," or ")"', 14],
    [
      'sum(x[5m])',
      'aggregation "sum" expects an instant vector, got a range vector, e.g. sum(rate(x[5m])) or sum_over_time(x[5m])',
      4,
    ],
    ['sum(1)', 'aggregation "sum" expects an instant vector, got a scalar', 4],
    ['sum(x, y)', 'aggregation "sum" takes exactly one argument', 5],
    ['count_values("v", x)', 'aggregation "count_values" is not supported yet', 0],
    [
      'topk(x)',
      'aggregation "topk" expects a scalar parameter first, e.g. topk(5, x), got an instant vector',
      5,
    ],
    [
      'quantile(0.9)',
      'unexpected ")" at 12, expected "," and the instant vector after the parameter of "quantile"',
      12,
    ],
    [
      'histogram_quantile(x, y)',
      'function "histogram_quantile" expects a scalar as argument 1, got an instant vector; use scalar(...) to convert',
      19,
    ],
    [
      'quantile_over_time(0.5, x)',
      'function "quantile_over_time" expects a range vector, e.g. quantile_over_time(x[5m])',
      24,
    ],
    [
      'x > bool group_left y',
      '"group_left" must follow on (...) or ignoring (...), e.g. > on (instance) group_left (job)',
      9,
    ],
    ['x and on(a) group_left y', 'no grouping allowed for "and" operation', 12],
    ['x * on(a) group_left(a) y', 'label "a" must not occur in ON and GROUP clause at once', 10],
    ['1 + on(a) x', 'vector matching only allowed between instant vectors', 2],
    ['x and 1', 'set operator "and" not allowed in binary scalar expression', 2],
    [
      'x or bool y',
      'the bool modifier can only be used on comparison operators (==, !=, >, <, >=, <=), not "or"',
      5,
    ],
    ['x + on(a', 'unexpected end of input at 8, expected "," or ")"', 8],
    ['x atan2 y', 'operator "atan2" is not supported yet', 2],
    ['x[5m:1m]', 'subqueries such as x[1h:5m] are not supported yet', 4],
    ['x[5m:]', 'subqueries such as x[1h:5m] are not supported yet', 4],
    [
      'x[1.5h]',
      'bad number or duration "1.5h" at 2: durations look like 5m or 1h30m (units ms, s, m, h, d, w, y)',
      2,
    ],
    [
      'x[30m1h]',
      'invalid duration "30m1h" at 2: units must go from longest to shortest, each at most once, e.g. 1h30m',
      2,
    ],
    ['x[0s]', 'a range must be greater than 0', 2],
    ['x[5]', 'unexpected "5" at 2, expected a range duration such as 5m', 2],
    [
      'x[5m]',
      'a range vector cannot be the result of an expression; wrap it in a function such as rate(...) or avg_over_time(...)',
      0,
    ],
    ['-x[5m]', 'unary "-" expects a scalar or an instant vector, got a range vector', 1],
    [
      'x[5m] + 1',
      'operator "+" expects scalars or instant vectors, got a range vector; wrap it in a function such as rate(...)',
      0,
    ],
    [
      'rate(x[5m])[10m]',
      'a range [10m] can only follow a vector selector, e.g. http_requests_total[10m]',
      11,
    ],
    ['x offset 5m[10m]', 'the range must come before the offset, e.g. foo[10m] offset 1h', 11],
    [
      'sum(x) offset 5m',
      'offset must follow a vector or range selector directly, e.g. sum(foo offset 5m), not sum(foo) offset 5m',
      7,
    ],
    ['x offset 5m offset 1m', 'offset may not be set multiple times', 12],
    ['x offset five', 'unexpected "five" at 9, expected an offset duration such as 5m', 9],
    ['x @ 1609746000', 'the "@" modifier is not supported yet', 2],
    [
      '{job=~".*"}',
      'a vector selector needs a metric name or a matcher that does not match the empty string, e.g. {job=~".+"}',
      0,
    ],
    [
      '{}',
      'a vector selector needs a metric name or a matcher that does not match the empty string, e.g. {job=~".+"}',
      0,
    ],
    ['x{job=~"(a"}', /^invalid regular expression "\(a": .*Unterminated group in matcher job=~"\(a"$/, 7],
    [
      'x{job=~"a)|(b"}',
      /^invalid regular expression "a\)\|\(b": .*Unmatched '\)' in matcher job=~"a\)\|\(b"$/,
      7,
    ],
    [
      'x{job=~"(?=a)"}',
      /^invalid regular expression "\(\?=a\)": lookahead and lookbehind groups are not supported/,
      7,
    ],
    ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"', 4],
    ['1 > 2', 'comparisons between scalars must use the bool modifier, e.g. 1 > bool 0', 2],
    [
      'x + bool 1',
      'the bool modifier can only be used on comparison operators (==, !=, >, <, >=, <=), not "+"',
      4,
    ],
    ['x = 1', 'unexpected "=" at 2; use "==" to compare', 2],
    [
      '"foo"',
      'string literals are only allowed as label matcher values, e.g. {job="api"}; found "foo" at 0',
      0,
    ],
    ['foo{a="b\\q"}', 'invalid escape sequence "\\\\q" at 8', 8],
    ['foo{a="b}', 'unterminated quoted string starting at 6', 6],
    ['foo{a=`b}', 'unterminated raw string starting at 6', 6],
    ['on{}', 'unexpected "on" at 0, expected an expression', 0],
    ['(x', 'unexpected end of input at 2, expected ")" or an operator', 2],
    ['', 'unexpected end of input at 0, expected an expression', 0],
    ['x +', 'unexpected end of input at 3, expected an expression', 3],
    ['5m', 'unexpected "5m" at 0, expected an expression', 0],
    ['x $ y', 'unexpected character "$" at 2', 2],
  ])('%s', (input: string, message: string | RegExp, offset: number) => {
    const error = parseError(input);
    if (typeof message === 'string') {
      expect(error.message).toBe(message);
    } else {
      expect(error.message).toMatch(message);
    }
    expect(error.offset).toBe(offset);
  });
});
