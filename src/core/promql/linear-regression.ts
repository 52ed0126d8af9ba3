import { Sample } from '../model';
import { kahanSumInc } from './kahan-sum';

/**
 * Least-squares line through the samples as Prometheus computes it for `deriv` and `predict_linear`: x is seconds
 * since `interceptTimeMs`. Constant values give slope 0 (NaN, NaN when the constant is infinite).
 */
export function linearRegression(
  samples: readonly Sample[],
  interceptTimeMs: number,
): { slope: number; intercept: number } {
  const initialValue = samples[0]?.[1] ?? NaN;
  let constant = true;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  samples.forEach(([ts, value], index) => {
    if (constant && index > 0 && value !== initialValue) {
      constant = false;
    }
    n += 1;
    const x = (ts - interceptTimeMs) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(value, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * value, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  });
  if (constant) {
    return Number.isFinite(initialValue) || Number.isNaN(initialValue)
      ? { slope: 0, intercept: initialValue }
      : { slope: NaN, intercept: NaN };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}
