import { closestMatch, didYouMean, levenshtein } from './did-you-mean';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['anotations', 'annotations', 1],
    ['lables', 'labels', 2],
    ['kitten', 'sitting', 3],
  ])('%j to %j is %d', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });
});

describe('closestMatch', () => {
  const keys = ['alert', 'expr', 'for', 'labels', 'annotations'];

  it.each([
    ['anotations', 'annotations'],
    ['lables', 'labels'],
    ['exp', 'expr'],
    ['fro', 'for'],
    ['summary', undefined],
    ['expression', undefined],
  ])('%j => %j', (input, expected) => {
    expect(closestMatch(input, keys)).toBe(expected);
  });

  it('formats a suggestion only for near misses', () => {
    expect(didYouMean('humanise', ['humanize', 'printf'])).toBe(' (did you mean "humanize"?)');
    expect(didYouMean('query', ['humanize', 'printf'])).toBe('');
  });
});
