import { DEFAULT_DETECTOR_OPTIONS, createDetector } from 'src/core/detectors/detector';
import { Sample } from 'src/core/forecast/forecast-model';
import { alertOnsets } from './alert-onsets';
import { AnomalyRule } from './metric-families';
import { MINUTE_MS } from './time-shapes';

/** `for: 2m` at one point a minute: three anomalous points in a row. */
export const ANOMALY_FOR_MS = 2 * MINUTE_MS;

/** A `kind: anomaly` rule with the ensemble detector at the default sensitivity, fed one point at a time. */
export function anomalyAlerts(points: readonly Sample[], rule: AnomalyRule): number[] {
  const detector = createDetector('ensemble', {
    ...DEFAULT_DETECTOR_OPTIONS,
    sensitivity: 3,
    direction: rule.direction,
  });
  const state = detector.initialState();
  const active = points.map(([tsMs, value]) => detector.update(state, tsMs, value).anomalous);
  return alertOnsets(
    points.map(([tsMs]) => tsMs),
    active,
    ANOMALY_FOR_MS,
  );
}
