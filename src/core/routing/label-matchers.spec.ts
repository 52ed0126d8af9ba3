import {
  LabelMatcher,
  formatMatchers,
  matcherMatches,
  matchersMatch,
  parseMatcher,
  parseMatchers,
} from './label-matchers';

const m = (name: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ name, op, value });

describe('parseMatchers', () => {
  // Cases from Alertmanager pkg/labels/parse_test.go (TestMatchers).
  it.each<[string, LabelMatcher[]]>([
    ['{foo="bar"}', [m('foo', '=', 'bar')]],
    ['{foo=~"bar.*"}', [m('foo', '=~', 'bar.*')]],
    ['{foo!="bar"}', [m('foo', '!=', 'bar')]],
    ['{foo!~"bar.*"}', [m('foo', '!~', 'bar.*')]],
    ['{foo="bar", baz!="quux"}', [m('foo', '=', 'bar'), m('baz', '!=', 'quux')]],
    [
      '{foo="bar",baz!~".*quux", derp="wat"}',
      [m('foo', '=', 'bar'), m('baz', '!~', '.*quux'), m('derp', '=', 'wat')],
    ],
    ['{foo=""}', [m('foo', '=', '')]],
    ['{foo="bar,quux", job="job1"}', [m('foo', '=', 'bar,quux'), m('job', '=', 'job1')]],
    ['{foo = "bar", dings != "bums", }', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
    ['foo=bar,dings!=bums', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
    ['{quote="She said: \\"Hi, ladies!\\""}', [m('quote', '=', 'She said: "Hi, ladies!"')]],
    ['statuscode=~"5.."', [m('statuscode', '=~', '5..')]],
    ['tags=~"^(?:foo,)?bar(?:,foo)?$"', [m('tags', '=~', '^(?:foo,)?bar(?:,foo)?$')]],
    ['{foo=bar}}', [m('foo', '=', 'bar}')]],
    ['{foo=,bar=}}', [m('foo', '=', ''), m('bar', '=', '}')]],
    ['job=', [m('job', '=', '')]],
    [
      '{name="a\\nb", path="c:\\\\x", raw="\\d"}',
      [m('name', '=', 'a\nb'), m('path', '=', 'c:\\x'), m('raw', '=', '\\d')],
    ],
    ['a:b="colons are allowed"', [m('a:b', '=', 'colons are allowed')]],
    ['{}', []],
    ['', []],
  ])('%s', (input, expected) => {
    expect(parseMatchers(input)).toEqual({ ok: true, matchers: expected });
  });

  it.each<[string, string, number]>([
    ['job="value', 'matcher value contains unescaped double quote: "value', 4],
    ['job=value"', 'matcher value contains unescaped double quote: value"', 4],
    ['a="1", name-with-dashes = "bar"', 'bad matcher format: name-with-dashes = "bar"', 7],
    ['a="1",,b="2"', 'bad matcher format: (empty)', 6],
    ['{foo=~"invalid[regexp"}', 'invalid regular expression "invalid[regexp"', 6],
    ['x=~"(?=ahead)"', 'lookahead and lookbehind groups are not supported', 3],
    ['foo', 'bad matcher format: foo', 0],
  ])('rejects %s', (input, message, offset) => {
    const parsed = parseMatchers(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain(message);
      expect(parsed.offset).toBe(offset);
    }
  });

  it('parses a single matcher', () => {
    expect(parseMatcher('  severity =~ "crit.*"  ')).toEqual({
      ok: true,
      matchers: [m('severity', '=~', 'crit.*')],
    });
  });
});

describe('matching', () => {
  // Cases from Alertmanager pkg/labels/matcher_test.go (TestMatcher), plus empty == missing.
  it.each<[string, Record<string, string>, boolean]>([
    ['foo="bar"', { foo: 'bar' }, true],
    ['foo="bar"', { foo: 'foo-bar' }, false],
    ['foo!="bar"', { foo: 'bar' }, false],
    ['foo!="bar"', { foo: 'foo-bar' }, true],
    ['foo=~"bar"', { foo: 'bar' }, true],
    ['foo=~"bar"', { foo: 'foo-bar' }, false],
    ['foo=~".*bar"', { foo: 'foo-bar' }, true],
    ['foo!~"bar"', { foo: 'foo-bar' }, true],
    ['foo!~".*bar"', { foo: 'foo-bar' }, false],
    ['foo=~"(?i)BAR"', { foo: 'bar' }, true],
    ['foo=~"critical|warning"', { foo: 'warning' }, true],
    ['foo=~"critical|warning"', { foo: 'warning2' }, false],
    ['foo=""', {}, true],
    ['foo=""', { foo: '' }, true],
    ['foo=""', { foo: 'x' }, false],
    ['foo!=""', {}, false],
    ['foo=~".*"', {}, true],
    ['foo=~".+"', {}, false],
    ['foo!~".+"', {}, true],
    ['foo!="bar"', {}, true],
  ])('%s against %j is %s', (text, labels, expected) => {
    const parsed = parseMatchers(text);
    if (!parsed.ok) {
      throw new Error(parsed.message);
    }
    const [matcher] = parsed.matchers;
    expect(matcherMatches(matcher!, labels)).toBe(expected);
    expect(matchersMatch(parsed.matchers, labels)).toBe(expected);
  });

  it('requires every matcher of a list', () => {
    const parsed = parseMatchers('{service="checkout", severity=~"crit.*"}');
    if (!parsed.ok) {
      throw new Error(parsed.message);
    }
    expect(matchersMatch(parsed.matchers, { service: 'checkout', severity: 'critical' })).toBe(true);
    expect(matchersMatch(parsed.matchers, { service: 'checkout', severity: 'warning' })).toBe(false);
    expect(matchersMatch([], {})).toBe(true);
  });

  it('formats like Alertmanager', () => {
    expect(formatMatchers([m('a', '=', '1'), m('b', '=~', 'x"y')])).toBe('{a="1",b=~"x\\"y"}');
  });
});
