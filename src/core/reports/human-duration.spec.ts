import { humanDuration } from './human-duration';

describe('humanDuration', () => {
  it.each<[number | null, string]>([
    [null, '–'],
    [0, '0s'],
    [0.4, '0s'],
    [45, '45s'],
    [450, '7m 30s'],
    [3600, '1h'],
    [5760, '1h 36m'],
    [302_400, '3d 12h'],
    [86_430, '1d'],
  ])('%s s is %s', (seconds, text) => {
    expect(humanDuration(seconds)).toBe(text);
  });
});
