import { resetStormProblem, seriesDropProblem } from './evaluate-slo';

const M = 60_000;

describe('seriesDropProblem', () => {
  it.each([
    // series in the 5m window, series in the 6h window, problem?
    [1, 2, true],
    [2, 4, true],
    [3, 4, false],
    [0, 1, false], // one series gone quiet is the no-data alert's business
    [19, 20, false],
    [5, 5, false],
  ])('%p series now against %p before: problem %p', (now, before, problem) => {
    const message = seriesDropProblem(
      new Map([
        [5 * M, now],
        [360 * M, before],
      ]),
      5 * M,
      360 * M,
    );
    expect(message !== undefined).toBe(problem);
  });

  it('says how many series are left and over which windows', () => {
    expect(
      seriesDropProblem(
        new Map([
          [5 * M, 1],
          [360 * M, 4],
        ]),
        5 * M,
        360 * M,
      ),
    ).toBe(
      'the total counter has 1 series with samples in the last 5m against 4 over 6h: part of the traffic stopped reporting',
    );
  });
});

describe('resetStormProblem', () => {
  it.each([
    [[0, 1, 0], false], // a restart per deploy is normal
    [[3, 3, 3], false],
    [[0, 4], true],
    [[], false],
  ])('%j resets per series in the last hour: storm %p', (resets, storm) => {
    expect(resetStormProblem(resets) !== undefined).toBe(storm);
  });

  it('names how many series storm and the worst one', () => {
    expect(resetStormProblem([0, 5, 12])).toBe(
      'counter reset storm: 2 of 3 series of the total counter reset 4 or more times in the last 1h (most: 12); crash-looping instances? burn rates may be wrong',
    );
  });
});
