import { tokenize } from './promql-lexer';

const kinds = (input: string) => tokenize(input).map((token) => `${token.kind}:${token.text}`);

describe('tokenize', () => {
  it.each([
    [
      'rate(x[5m])',
      [
        'identifier:rate',
        'symbol:(',
        'identifier:x',
        'symbol:[',
        'duration:5m',
        'symbol:]',
        'symbol:)',
        'eof:',
      ],
    ],
    [
      'a>=b!=c=~d',
      [
        'identifier:a',
        'symbol:>=',
        'identifier:b',
        'symbol:!=',
        'identifier:c',
        'symbol:=~',
        'identifier:d',
        'eof:',
      ],
    ],
    ['1h30m 1e3 0x1f .5', ['duration:1h30m', 'number:1e3', 'number:0x1f', 'number:.5', 'eof:']],
    ['job:rate5m:sum # comment\n+', ['identifier:job:rate5m:sum', 'symbol:+', 'eof:']],
  ])('%j', (input, expected) => {
    expect(kinds(input)).toEqual(expected);
  });

  it('records offsets and unquoted string values', () => {
    expect(tokenize(`a{b="c\\"d"}`)).toEqual([
      { kind: 'identifier', text: 'a', start: 0, end: 1 },
      { kind: 'symbol', text: '{', start: 1, end: 2 },
      { kind: 'identifier', text: 'b', start: 2, end: 3 },
      { kind: 'symbol', text: '=', start: 3, end: 4 },
      { kind: 'string', text: '"c\\"d"', value: 'c"d', start: 4, end: 10 },
      { kind: 'symbol', text: '}', start: 10, end: 11 },
      { kind: 'eof', text: '', start: 11, end: 11 },
    ]);
  });

  it('keeps newlines in raw strings', () => {
    expect(tokenize('`a\nb`')[0]).toMatchObject({ kind: 'string', value: 'a\nb' });
  });

  it.each([
    ['"a\nb"', 'unterminated quoted string starting at 0'],
    ["'it\\\"s'", 'invalid escape sequence "\\\\\\"" at 3'],
    ['"\\400"', 'invalid escape sequence "\\\\400" at 1'],
    ['"\\xZZ"', 'invalid escape sequence "\\\\xZZ" at 1'],
    ['5mm', 'bad number or duration "5mm" at 0'],
    ['1e', 'bad number or duration "1e" at 0'],
  ])('rejects %j', (input, message) => {
    expect(() => tokenize(input)).toThrow(message);
  });
});
