import { DEFAULT_DETECTOR_OPTIONS, DetectorOptions } from './detector';
import { judgePoint } from './judge-point';

const WARM = { learnedMs: 2 * 86_400_000, neededMs: 86_400_000 };
const COLD = { learnedMs: 3_600_000, neededMs: 86_400_000 };

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
    [
      'below min_deviation',
      510,
      { minDeviation: 150 },
      WARM,
      false,
      0,
      'value 510 above expected 410 (band 260–560) for Tuesday 14:00; not anomalous: deviation is below min_deviation 150',
    ],
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
      { expected: 410, scale: 20, surprise: (value - 410) / 20 },
      value,
      { ...DEFAULT_DETECTOR_OPTIONS, ...options },
      warmUp,
      () => 'for Tuesday 14:00',
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
