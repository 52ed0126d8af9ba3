import { InvalidDurationError, formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['15s', 15_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1m30s500ms', 90_500],
  ])('%s = %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '5', 'm', '1.5h', '30m1h', '5mm', '-5m', '5 m', '1h1h'])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(InvalidDurationError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [250, '250ms'],
  ])('%d ms = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
