import { fingerprint } from '../labels/labels';
import { IngestLimits, IngestResult, samplesOf } from './ingest-batch';
import { ProblemCollector } from './ingest-problems';
import { buildLabelSet } from './label-set';
import {
  NEEDS_POSITIONS,
  PositionNames,
  SeriesAccumulator,
  parseWithPositionRetry,
} from './series-accumulator';

const MIN_TS = 1_000_000;
const MAX_TS = 2_000_000;
const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 30,
  maxLabelNameLength: 128,
  maxLabelValueLength: 2048,
  maxSamplesPerRequest: 5,
  minTsMs: MIN_TS,
  maxTsMs: MAX_TS,
};
const NAMES: PositionNames = { sample: (pos) => `#${pos}`, timestamp: (pos) => `#${pos}.ts` };

function setup(trackPositions = false): {
  batch: SeriesAccumulator;
  series: (name: string) => ReturnType<SeriesAccumulator['seriesFor']>;
} {
  const batch = new SeriesAccumulator(LIMITS, new ProblemCollector(), NAMES, trackPositions);
  const series = (name: string): ReturnType<SeriesAccumulator['seriesFor']> => {
    const set = buildLabelSet(['__name__'], [name], LIMITS, () => undefined);
    if (set === undefined) {
      throw new Error(`bad name ${name}`);
    }
    return batch.seriesFor(set);
  };
  return { batch, series };
}

function finished(batch: SeriesAccumulator): IngestResult {
  const result = batch.finish();
  if (result === NEEDS_POSITIONS) {
    throw new Error('unexpected NEEDS_POSITIONS');
  }
  return result;
}

/** An ok result with each series' samples as tuples (through `samplesOf`); a failure as it is. */
function withSamples(result: IngestResult): unknown {
  if (!result.ok) {
    return result;
  }
  return {
    ok: true,
    sampleCount: result.sampleCount,
    series: result.series.map((series) => ({
      labels: series.labels,
      fingerprint: series.fingerprint,
      samples: samplesOf(result, series),
    })),
  };
}

describe('SeriesAccumulator', () => {
  it('groups by label set, keeps first-appearance order and sorts samples', () => {
    const { batch, series } = setup();
    batch.add(series('b'), MIN_TS + 3, 3, 1);
    batch.add(series('a'), MIN_TS + 1, 1, 2);
    batch.add(series('b'), MIN_TS + 1, 1, 3);
    batch.add(series('b'), MIN_TS + 2, 2, 4);
    expect(withSamples(finished(batch))).toEqual({
      ok: true,
      sampleCount: 4,
      series: [
        {
          labels: { __name__: 'b' },
          fingerprint: fingerprint({ __name__: 'b' }),
          samples: [
            [MIN_TS + 1, 1],
            [MIN_TS + 2, 2],
            [MIN_TS + 3, 3],
          ],
        },
        {
          labels: { __name__: 'a' },
          fingerprint: fingerprint({ __name__: 'a' }),
          samples: [[MIN_TS + 1, 1]],
        },
      ],
    });
  });

  it('keeps interleaved series apart, each sorted, across column growth', () => {
    const batch = new SeriesAccumulator(
      { ...LIMITS, maxSamplesPerRequest: 10_000 },
      new ProblemCollector(),
      NAMES,
    );
    const builders = ['a', 'b', 'c'].map((name) => {
      const set = buildLabelSet(['__name__'], [name], LIMITS, () => undefined);
      if (set === undefined) {
        throw new Error(`bad name ${name}`);
      }
      return batch.seriesFor(set);
    });
    // a and b alternate (after a first run of a), c descends: more samples than the first column capacity.
    for (let i = 0; i < 10; i++) {
      batch.add(builders[0], MIN_TS + i, i, i + 1);
    }
    for (let i = 10; i < 3000; i++) {
      batch.add(builders[i % 2], MIN_TS + i, i, i + 1);
      batch.add(builders[2], MAX_TS - i, -i, i + 1);
    }
    const result = finished(batch);
    if (!result.ok) {
      throw new Error(JSON.stringify(result.problems));
    }
    expect(result.sampleCount).toBe(10 + 2 * 2990);
    expect(result.timestampsMs).toHaveLength(result.sampleCount);
    expect(result.values).toHaveLength(result.sampleCount);
    expect(result.series.map((series) => [series.labels['__name__'], series.count])).toEqual([
      ['a', 10 + 1495],
      ['b', 1495],
      ['c', 2990],
    ]);
    const [a, b, c] = result.series.map((series) => samplesOf(result, series));
    const expectedA: Array<[number, number]> = [];
    const expectedB: Array<[number, number]> = [];
    const expectedC: Array<[number, number]> = [];
    for (let i = 0; i < 3000; i++) {
      (i < 10 || i % 2 === 0 ? expectedA : expectedB).push([MIN_TS + i, i]);
    }
    for (let i = 2999; i >= 10; i--) {
      expectedC.push([MAX_TS - i, -i]);
    }
    expect(a).toEqual(expectedA);
    expect(b).toEqual(expectedB);
    expect(c).toEqual(expectedC);
    // The slices cover the columns exactly once.
    const covered = new Uint8Array(result.sampleCount);
    for (const series of result.series) {
      for (let row = series.start; row < series.start + series.count; row++) {
        covered[row] = (covered[row] ?? 0) + 1;
      }
    }
    expect(covered.every((times) => times === 1)).toBe(true);
  });

  it('lists series by first appearance even when one gets its samples later', () => {
    const { batch, series } = setup();
    const a = series('a');
    batch.add(series('b'), MIN_TS + 1, 1, 1);
    batch.add(a, MIN_TS + 2, 2, 2);
    batch.add(a, MIN_TS + 1, 1, 3);
    expect(withSamples(finished(batch))).toEqual({
      ok: true,
      sampleCount: 3,
      series: [
        {
          labels: { __name__: 'a' },
          fingerprint: fingerprint({ __name__: 'a' }),
          samples: [
            [MIN_TS + 1, 1],
            [MIN_TS + 2, 2],
          ],
        },
        {
          labels: { __name__: 'b' },
          fingerprint: fingerprint({ __name__: 'b' }),
          samples: [[MIN_TS + 1, 1]],
        },
      ],
    });
  });

  it('sorts interleaved series the same when positions are tracked', () => {
    const { batch, series } = setup(true);
    batch.add(series('a'), MIN_TS + 3, 3, 1);
    batch.add(series('b'), MIN_TS + 1, 1, 2);
    batch.add(series('a'), MIN_TS + 1, 1, 3);
    batch.add(series('b'), MIN_TS + 2, 2, 4);
    const result = finished(batch);
    expect(result.ok && result.series.map((entry) => samplesOf(result, entry))).toEqual([
      [
        [MIN_TS + 1, 1],
        [MIN_TS + 3, 3],
      ],
      [
        [MIN_TS + 1, 1],
        [MIN_TS + 2, 2],
      ],
    ]);
  });

  it('returns the same builder for the same label set', () => {
    const { series } = setup();
    expect(series('a')).toBe(series('a'));
    expect(series('a')).not.toBe(series('b'));
  });

  it.each([
    [MIN_TS, true],
    [MAX_TS, true],
    [MIN_TS - 1, false],
    [MAX_TS + 1, false],
  ])('window is inclusive: ts %d accepted = %s', (ts, accepted) => {
    const { batch, series } = setup();
    batch.add(series('a'), ts, 1, 1);
    expect(finished(batch).ok).toBe(accepted);
  });

  it('reports samples outside the window with the limit key', () => {
    const { batch, series } = setup();
    batch.add(series('a'), MIN_TS - 1, 1, 1);
    batch.add(series('a'), MAX_TS + 1, 1, 2);
    const result = finished(batch);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        where: '#1.ts',
        message: expect.stringMatching(
          /^sample at 1970-01-01T00:16:39\.999Z is older than the raw retention window/,
        ),
        limit: 'RETENTION_RAW',
      },
      {
        where: '#2.ts',
        message: expect.stringMatching(/is too far in the future \(window ends 1970-01-01T00:33:20\.000Z\)$/),
        limit: 'INGEST_MAX_FUTURE',
      },
    ]);
  });

  it('counts samples of rejected series against the sample limit', () => {
    const { batch, series } = setup();
    for (let i = 0; i < 6; i++) {
      batch.add(i % 2 === 0 ? undefined : series('a'), MIN_TS + i, i, i + 1);
    }
    expect(finished(batch)).toEqual({
      ok: false,
      tooLarge: true,
      problems: [
        {
          where: '#6',
          message: 'request has 6 samples, limit is 5 (INGEST_MAX_SAMPLES)',
          limit: 'INGEST_MAX_SAMPLES',
        },
      ],
    });
  });

  it('answers NEEDS_POSITIONS for a duplicate when positions are not tracked', () => {
    const { batch, series } = setup();
    batch.add(series('a'), MIN_TS + 1, 1, 1);
    batch.add(series('a'), MIN_TS + 1, 2, 2);
    expect(batch.finish()).toBe(NEEDS_POSITIONS);
  });

  it('reports each duplicate against the first sample when positions are tracked', () => {
    const { batch, series } = setup(true);
    batch.add(series('a'), MIN_TS + 5, 1, 1);
    batch.add(series('a'), MIN_TS + 1, 1, 2);
    batch.add(series('a'), MIN_TS + 5, 2, 3);
    batch.add(series('b'), MIN_TS + 1, 1, 4);
    batch.add(series('a'), MIN_TS + 5, 3, 5);
    const result = finished(batch);
    expect(result.ok ? [] : result.problems).toEqual([
      { where: '#3.ts', message: 'duplicate sample for a at 1970-01-01T00:16:40.005Z (first at #1.ts)' },
      { where: '#5.ts', message: 'duplicate sample for a at 1970-01-01T00:16:40.005Z (first at #1.ts)' },
    ]);
  });

  it('does not take equal timestamps of different series as duplicates', () => {
    const { batch, series } = setup();
    batch.add(series('a'), MIN_TS, 1, 1);
    batch.add(series('b'), MIN_TS, 1, 2);
    expect(finished(batch).ok).toBe(true);
  });
});

describe('parseWithPositionRetry', () => {
  it('runs once when the fast pass succeeds', () => {
    const runs: boolean[] = [];
    parseWithPositionRetry((track) => {
      runs.push(track);
      return {
        ok: true,
        series: [],
        timestampsMs: new Float64Array(0),
        values: new Float64Array(0),
        sampleCount: 0,
      };
    });
    expect(runs).toEqual([false]);
  });

  it('runs again tracking positions when asked', () => {
    const runs: boolean[] = [];
    const result = parseWithPositionRetry((track) => {
      runs.push(track);
      return track ? { ok: false, problems: [] } : NEEDS_POSITIONS;
    });
    expect(runs).toEqual([false, true]);
    expect(result).toEqual({ ok: false, problems: [] });
  });
});
