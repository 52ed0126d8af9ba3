import { LineCounter, parseDocument } from 'yaml';
import { YamlLocator } from './yaml-positions';

function locatorFor(text: string): YamlLocator {
  const lineCounter = new LineCounter();
  return new YamlLocator(parseDocument(text, { lineCounter }), text, lineCounter);
}

describe('YamlLocator', () => {
  const text = ['a:', '  b: [1, 2]', '  c:', '  d: &x val', 'e: *x', ''].join('\n');
  const locator = locatorFor(text);

  it.each<[string, readonly PropertyKey[], string]>([
    ['a map value', ['a'], '2:3'],
    ['a nested value', ['a', 'b'], '2:6'],
    ['a list item', ['a', 'b', 1], '2:10'],
    ['an empty value, at its key', ['a', 'c'], '3:3'],
    ['a missing key, at its map', ['a', 'z'], '2:3'],
    ['a path through a list that is too short, at the list', ['a', 'b', 5], '2:6'],
    ['an alias', ['e'], '5:4'],
    ['the document', [], '1:1'],
  ])('locates %s', (_name, path, expected) => {
    const at = locator.value(path);
    expect(`${at.line}:${at.col}`).toBe(expected);
  });

  it('locates keys', () => {
    expect(locator.key(['a', 'd'])).toEqual({ line: 4, col: 3 });
    expect(locator.key(['a', 'b', 0])).toEqual({ line: 2, col: 7 });
  });
});

describe('YamlLocator offsets inside strings', () => {
  it.each<[string, string, number, string]>([
    ['plain', 'k: abc XYZ', 4, '1:8'],
    ['single-quoted with an escaped quote', "k: 'it''s XYZ'", 5, '1:11'],
    ['double-quoted with escapes', 'k: "\\"a\\"\\u00e9 XYZ"', 5, '1:17'],
    ['plain, folded over two lines', 'k: abc\n  def XYZ', 8, '2:7'],
    ['literal block', 'k: |\n  one\n  two XYZ\n', 8, '3:7'],
    ['folded block', 'k: >\n  one\n  two XYZ\n', 8, '3:7'],
  ])('%s', (_name, text, offset, expected) => {
    const at = locatorFor(text).value(['k'], offset);
    expect(`${at.line}:${at.col}`).toBe(expected);
  });
});
