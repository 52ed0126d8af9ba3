import { DEFAULT_DETECTOR_OPTIONS, DetectorOptions } from './detector';
import { Assessment } from './detector-model';
import { judgePoint } from './judge-point';

const WARM = { learnedMs: 2 * 86_400_000 };
const COLD = { learnedMs: 3_600_000 };
const WORDS = { context: () => 'for Tuesday 14:00' };

describe('judgePoint', () => {
  it.each<[string, number, Partial<DetectorOptions>, typeof WARM, boolean, number, string]>([
    // name, value, options, warm-up, anomalous, score, reason — expected 410, scale 20, surprise (value − 410) / 20
    ['inside the band', 430, {}, WARM, false, 0.0499, 'no anomaly'],
    [
      'above the band',
      510,
      {},
      WARM,
      true,
      0.6242,
      'value 510 above expected 410 (band 350–470) for Tuesday 14:00',
    ],
    [
      'below, watching up only',
      310,
      { direction: 'up' },
      WARM,
      false,
      0,
      'value 310 below expected 410 (band 350–470) for Tuesday 14:00; not anomalous: direction is up only',
    ],
    [
      'above, watching down only',
      510,
      { direction: 'down' },
      WARM,
      false,
      0,
      'value 510 above expected 410 (band 350–470) for Tuesday 14:00; not anomalous: direction is down only',
    ],
    // min_deviation widens the band, so a deviation below it is inside the band.
    ['below min_deviation', 510, { minDeviation: 150 }, WARM, false, 0, 'no anomaly'],
    [
      'warming up',
      510,
      {},
      COLD,
      false,
      0.6242,
      'value 510 above expected 410 (band 350–470) for Tuesday 14:00; not anomalous: still learning (1h of 1d history)',
    ],
  ])('%s', (_name, value, options, warmUp, anomalous, score, reason) => {
    const result = judgePoint(
      { expected: 410, scale: 20, surprise: (value - 410) / 20, below: 3, above: 3, score: -1 },
      value,
      { ...DEFAULT_DETECTOR_OPTIONS, ...options },
      warmUp.learnedMs,
      WORDS,
      undefined,
      0,
    );
    expect(result).toEqual({
      anomalous,
      score: expect.closeTo(score, 3) as number,
      expected: 410,
      lower: 410 - Math.max(60, options.minDeviation ?? 0),
      upper: 410 + Math.max(60, options.minDeviation ?? 0),
      reason,
      warm: warmUp === WARM,
    });
  });
});

describe('judgePoint consistency with the band', () => {
  const judge = (assessment: Partial<Assessment>, value: number, options: Partial<DetectorOptions> = {}) =>
    judgePoint(
      { expected: 410, scale: 20, surprise: 0, below: 3, above: 3, score: -1, ...assessment },
      value,
      { ...DEFAULT_DETECTOR_OPTIONS, ...options },
      WARM.learnedMs,
      { context: () => '', weakEvidence: 'not sustained yet' },
      undefined,
      0,
    );

  it.each<[string, Partial<Assessment>, number, boolean, string]>([
    // The model's evidence alone does not make a point inside its band anomalous (CUSUM, the ensemble).
    ['strong evidence, value inside the band', { surprise: 9 }, 450, false, 'no anomaly'],
    [
      'strong evidence, value on the other side',
      { surprise: 9 },
      330,
      false,
      'value 330 below expected 410 (band 350–470); not anomalous: not sustained yet',
    ],
    [
      'value outside, weak evidence',
      { surprise: 2 },
      480,
      false,
      'value 480 above expected 410 (band 350–470); not anomalous: not sustained yet',
    ],
    [
      'value outside, strong evidence',
      { surprise: 4 },
      480,
      true,
      'value 480 above expected 410 (band 350–470)',
    ],
    // A model's own band half-widths (CUSUM narrows the side where evidence has accumulated).
    [
      'narrowed band above',
      { surprise: 4, above: 1 },
      440,
      true,
      'value 440 above expected 410 (band 350–430)',
    ],
    // A flat history: scale 0, the band is expected ± a negligible deviation.
    ['flat history, rounding noise', { scale: 0, surprise: Infinity }, 410 * (1 + 5e-7), false, 'no anomaly'],
    [
      'flat history, real change',
      { scale: 0, surprise: Infinity },
      410.01,
      true,
      'value 410.01 above expected 410 (band 409.9996–410.0004)',
    ],
  ])('%s', (_name, assessment, value, anomalous, reason) => {
    const result = judge(assessment, value);
    expect([result.anomalous, result.reason]).toEqual([anomalous, reason]);
    if (result.anomalous) {
      expect(value > result.upper || value < result.lower).toBe(true);
    }
  });

  it('widens the band of a flat history by one part in a million of the expected value', () => {
    expect(judge({ scale: 0 }, 410)).toMatchObject({ lower: 410 - 410e-6, upper: 410 + 410e-6 });
    expect(judge({ expected: 0, scale: 0 }, 0)).toMatchObject({ lower: 0, upper: 0 });
  });
});
