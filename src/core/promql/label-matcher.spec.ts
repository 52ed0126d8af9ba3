import { InvalidLabelRegexError, compileLabelRegex, matchesAll, matchesValue } from './label-matcher';
import { LabelMatcher, MatchOp } from './promql-ast';

const m = (name: string, op: MatchOp, value: string): LabelMatcher => ({ name, op, value });

describe('matchesValue', () => {
  it.each<[MatchOp, string, string, boolean]>([
    ['=', 'api', 'api', true],
    ['=', 'api', 'API', false],
    ['=', '', '', true],
    ['!=', 'api', 'web', true],
    ['!=', 'api', 'api', false],
    ['=~', 'api|web', 'web', true],
    ['=~', 'api', 'api-2', false], // anchored at the end
    ['=~', 'api', 'my-api', false], // anchored at the start
    ['=~', 'a|b', 'ab', false], // the alternation is grouped before anchoring: ^(?:a|b)$
    ['=~', '.*', '', true],
    ['=~', '.+', '', false],
    ['=~', '5..', '503', true],
    ['=~', '(?i)GET', 'get', true],
    ['=~', 'GET', 'get', false],
    ['!~', '5..', '503', false],
    ['!~', '5..', '200', true],
    ['!~', '.+', '', true],
    ['=~', '\\d+', '123', true],
    ['=~', 'a.b', 'a\nb', false], // like RE2, "." does not match a newline
  ])('%s %j against %j is %s', (op, pattern, value, expected) => {
    expect(matchesValue(m('x', op, pattern), value)).toBe(expected);
  });
});

describe('matchesAll', () => {
  const labels = { __name__: 'http_requests_total', job: 'api', code: '503' };

  it.each<[string, LabelMatcher[], boolean]>([
    ['no matchers', [], true],
    ['name and label', [m('__name__', '=', 'http_requests_total'), m('job', '=', 'api')], true],
    ['one failing matcher', [m('job', '=', 'api'), m('code', '=~', '2..')], false],
    ['missing label equals empty', [m('env', '=', '')], true],
    ['missing label is not "prod"', [m('env', '!=', 'prod')], true],
    ['missing label fails =~".+"', [m('env', '=~', '.+')], false],
    ['missing label passes !~".+"', [m('env', '!~', '.+')], true],
    ['present label is not empty', [m('job', '=', '')], false],
    ['two matchers on one label', [m('code', '=~', '5..'), m('code', '!=', '500')], true],
  ])('%s', (_, matchers, expected) => {
    expect(matchesAll(matchers, labels)).toBe(expected);
  });
});

describe('compileLabelRegex', () => {
  it('compiles each pattern once', () => {
    expect(compileLabelRegex('cache-me.*')).toBe(compileLabelRegex('cache-me.*'));
  });

  it.each([
    ['(a', /Unterminated group/],
    ['a)(b', /Unmatched '\)'/],
    ['(?=a)', /lookahead and lookbehind/],
    ['(?<!a)b', /lookahead and lookbehind/],
    ['(a)\\1', /backreferences/],
  ])('rejects %j', (pattern, reason) => {
    expect(() => compileLabelRegex(pattern)).toThrow(InvalidLabelRegexError);
    expect(() => compileLabelRegex(pattern)).toThrow(reason);
  });

  it('accepts an escaped backslash followed by a digit', () => {
    expect(compileLabelRegex('a\\\\1').test('a\\1')).toBe(true);
  });
});
