import {
  MAX_SERIES_VALUES,
  SeriesValue,
  expandSeriesNotation,
  parseSeriesNumber,
} from './expand-series-notation';

describe('expandSeriesNotation', () => {
  it.each<[string, SeriesValue[]]>([
    ['', []],
    ['   ', []],
    ['1 2 3', [1, 2, 3]],
    ['  1\t2\n3  ', [1, 2, 3]],
    ['0', [0]],
    ['-2.5 +4 .5 1. 1e3 2.5E-1 1_000', [-2.5, 4, 0.5, 1, 1000, 0.25, 1000]],
    ['Inf -Inf +Inf inf NaN nan', [Infinity, -Infinity, Infinity, Infinity, NaN, NaN]],
    ['1+1x3', [1, 2, 3, 4]],
    ['-2+4x3', [-2, 2, 6, 10]],
    ['1-2x4', [1, -1, -3, -5, -7]],
    ['-1-1x2', [-1, -2, -3]],
    ['1x4', [1, 1, 1, 1, 1]],
    ['5x0', [5]],
    ['1e3x2', [1000, 1000, 1000]],
    ['0x3', [0, 0, 0, 0]],
    ['Inf+0x2', [Infinity, Infinity, Infinity]],
    ['0.1+0.1x2', [0.1, 0.2, 0.30000000000000004]],
    ['_', ['_']],
    ['_x3', ['_', '_', '_']],
    ['_x0', []],
    ['1 _x3 stale', [1, '_', '_', '_', 'stale']],
    ['1 _ 2 stale 3', [1, '_', 2, 'stale', 3]],
    ['10+10x2 30+20x5', [10, 20, 30, 30, 50, 70, 90, 110, 130]],
  ])('%j', (text, expected) => {
    expect(expandSeriesNotation(text)).toEqual({ ok: true, values: expected });
  });

  it.each<[string, number, string]>([
    ['1 2 foo', 4, 'invalid value "foo": expected a number, "Inf", "NaN", "stale" or "_"'],
    ['1+', 1, 'expected a number after "+", found nothing'],
    ['--1', 1, 'expected a number after "-", found "-1"'],
    ['1 2+3', 3, 'the step "+3" needs a repeat count: write e.g. "2+3x10"'],
    ['1+3y2', 2, 'invalid number "3y2"'],
    ['1x', 2, 'expected a repeat count after "1x", e.g. "1x10"'],
    ['1+1x', 4, 'expected a repeat count after "1+1x", e.g. "1+1x10"'],
    ['1x2.5', 2, 'invalid repeat count "2.5": expected a whole number'],
    ['1x-3', 2, 'invalid repeat count "-3": expected a whole number'],
    ['1x3x4', 2, 'invalid repeat count "3x4": expected a whole number'],
    ['7 1m', 2, 'invalid number "1m"'],
    ['0x1f', 2, 'invalid repeat count "1f": expected a whole number'],
    ['1.2.3', 0, 'invalid number "1.2.3"'],
    ['1e', 0, 'invalid number "1e"'],
    ['1,2', 1, 'unexpected ",2"; separate values with spaces, e.g. "1 2 3" or "1+1x2"'],
    ['_5', 1, 'unexpected "5" after "_"; write "_" for one missing sample or "_xN" for N of them'],
    ['_x', 2, 'expected a repeat count after "_x", e.g. "_x10"'],
    ['Infx3', 0, 'invalid value "Infx3": "x" does not follow Inf; write "Inf+0x3"'],
    ['1 NaNx2', 2, 'invalid value "NaNx2": "x" does not follow NaN; write "NaN+0x2"'],
    [
      'stalex3',
      0,
      'a stale marker cannot be repeated, incremented or signed; write "stale" once, the series stays absent until its next value',
    ],
    [
      '1 stale+1x2',
      7,
      'a stale marker cannot be repeated, incremented or signed; write "stale" once, the series stays absent until its next value',
    ],
    [
      '1 010',
      2,
      'ambiguous number "010": promtool reads a leading 0 as octal; write it without the leading zeros',
    ],
    ['1+Infx0', 2, 'expected a number after "+", found "Infx0"'],
    ['5+x3', 2, 'expected a number after "+", found "x3"'],
    ['x3', 0, 'invalid value "x3": expected a number, "Inf", "NaN", "stale" or "_"'],
    ['1 2_', 2, 'invalid number "2_"'],
    [
      `1x${MAX_SERIES_VALUES + 1}`,
      2,
      `repeat count ${MAX_SERIES_VALUES + 1} is too large; a series can have at most ${MAX_SERIES_VALUES} values`,
    ],
    [
      `1x${MAX_SERIES_VALUES / 2} 2x${MAX_SERIES_VALUES / 2}`,
      9,
      `a series can have at most ${MAX_SERIES_VALUES} values`,
    ],
  ])('%j fails at offset %i', (text, offset, message) => {
    expect(expandSeriesNotation(text)).toEqual({ ok: false, offset, message });
  });
});

describe('parseSeriesNumber', () => {
  it.each<[string, number | undefined]>([
    ['1', 1],
    [' -2.5 ', -2.5],
    ['+Inf', Infinity],
    ['-inf', -Infinity],
    ['NaN', NaN],
    ['1e-3', 0.001],
    ['', undefined],
    ['1x2', undefined],
    ['stale', undefined],
    ['1 2', undefined],
    ['abc', undefined],
  ])('%j', (text, expected) => {
    expect(parseSeriesNumber(text)).toEqual(expected);
  });
});
