import { Detector, DetectorKind, DetectorOptions, DetectorResult } from './detector';
import { Assessment, DetectorModel, emptyAssessment } from './detector-model';
import { WarmUp, judgePoint } from './judge-point';

/** What every detector stores: its warm-up clock and its model's own state. */
export interface StreamingDetectorState {
  /** Timestamp of the first learned point; meaningless while `learned` is 0. */
  startMs: number;
  /** Timestamp of the latest learned point. */
  lastMs: number;
  learned: number;
  model: unknown;
}

/** A `Detector` from a model: warm-up bookkeeping, the decision and the reason around the model's statistics. */
export function streamingDetector(
  kind: DetectorKind,
  model: DetectorModel<unknown>,
  options: DetectorOptions,
): Detector<StreamingDetectorState> {
  const assessment = emptyAssessment();
  return {
    kind,
    initialState: () => ({ startMs: 0, lastMs: 0, learned: 0, model: model.initialState() }),
    update(state, timestampMs, value, learn = true): DetectorResult {
      const warmUp = {
        learnedMs: state.learned === 0 ? 0 : state.lastMs - state.startMs,
        neededMs: options.minHistoryMs,
      };
      if (!Number.isFinite(value)) {
        model.observe(state.model, timestampMs, 0, false, assessment);
        return notFinite(assessment, value, options, warmUp);
      }
      model.observe(state.model, timestampMs, value, learn, assessment);
      const result = judgePoint(assessment, value, options, warmUp, () =>
        model.context(state.model, timestampMs),
      );
      if (learn) {
        if (state.learned === 0) {
          state.startMs = timestampMs;
        }
        state.lastMs = timestampMs;
        state.learned += 1;
      }
      return result;
    },
  };
}

/**
 * NaN and ±Inf (a Prometheus sample can be either) are neither scored nor learned: one would poison every estimate,
 * and the state could no longer be written as JSON. The band is the one expected at this timestamp.
 */
function notFinite(
  assessment: Assessment,
  value: number,
  options: DetectorOptions,
  warmUp: WarmUp,
): DetectorResult {
  const halfWidth = Math.max(options.sensitivity * assessment.scale, options.minDeviation);
  return {
    score: 0,
    anomalous: false,
    expected: assessment.expected,
    lower: assessment.expected - halfWidth,
    upper: assessment.expected + halfWidth,
    reason: `value ${String(value)} is not a finite number: not scored, not learned`,
    warm: warmUp.learnedMs >= warmUp.neededMs,
  };
}
