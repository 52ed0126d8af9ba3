import { ForecastInput, ForecastResult, Sample } from './forecast-model';
import { theilSenLine } from './fast-theil-sen';
import {
  BAND_Z,
  HOUR_MS,
  crossingResult,
  formatSlope,
  formatValue,
  notApproachingResult,
  robustSigma,
  towardSign,
} from './forecast-result';

/**
 * `method: linear`: a Theil–Sen line through the window (robust: a spike or a short dip moves neither slope nor
 * intercept), extrapolated to the threshold. The band is the line ± 1.96 robust standard deviations of the residuals,
 * i.e. where single observations are expected to fall: the earliest crossing is when the band's near edge reaches the
 * threshold (a noisy series may first touch it then), the latest when its far edge does (every observation is past).
 */
export function linearForecast(points: readonly Sample[], input: ForecastInput): ForecastResult {
  const xy = points.map(([tsMs, value]): [number, number] => [(tsMs - input.nowMs) / HOUR_MS, value]);
  const { m, b } = theilSenLine(xy);
  const halfWidth = BAND_Z * robustSigma(xy.map(([x, y]) => y - (m * x + b)));
  const sign = towardSign(input.direction);
  if (!(sign * m > 0)) {
    const expectedAtHorizon = b + (m * input.horizonMs) / HOUR_MS;
    const how = m === 0 ? 'flat' : `moving away from ${formatValue(input.threshold)}`;
    return notApproachingResult(m, expectedAtHorizon, `linear trend ${formatSlope(m)} is ${how}`);
  }
  /** When the line reaches `level`, not before now. */
  const reachesMs = (level: number): number => input.nowMs + Math.max(0, ((level - b) / m) * HOUR_MS);
  return crossingResult(
    input,
    {
      crossingMs: reachesMs(input.threshold),
      earliestMs: reachesMs(input.threshold - sign * halfWidth),
      latestMs: reachesMs(input.threshold + sign * halfWidth),
      slopePerHour: m,
      expectedNow: b,
    },
    `linear trend ${formatSlope(m)}`,
  );
}
