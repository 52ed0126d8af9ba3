import { Detector, DetectorKind, DetectorOptions, DetectorResult } from './detector';
import { Assessment, DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import * as judge from './judge-point';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { emptyAssessment } = detectorModel;
const { bandLower, bandUpper, judgePoint } = judge;

/**
 * The layout of the models' states. A state stored by a version of the models with another layout (older states have
 * none) is started afresh rather than misread: missing fields would turn into NaN in every estimate.
 */
export const STATE_FORMAT = 2;

/** What every detector stores: its warm-up clock and its model's own state. */
export interface StreamingDetectorState {
  /** `STATE_FORMAT` of the models that wrote it. */
  format: number;
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
  const { sensitivity } = options;
  return {
    kind,
    initialState: () => ({
      format: STATE_FORMAT,
      startMs: 0,
      lastMs: 0,
      learned: 0,
      model: model.initialState(),
    }),
    update(state, timestampMs, value, learn = true): DetectorResult {
      if (state.format !== STATE_FORMAT) {
        Object.assign(state, {
          format: STATE_FORMAT,
          startMs: 0,
          lastMs: 0,
          learned: 0,
          model: model.initialState(),
        });
      }
      const learnedMs = state.learned === 0 ? 0 : state.lastMs - state.startMs;
      assessment.below = sensitivity;
      assessment.above = sensitivity;
      assessment.score = -1;
      if (!Number.isFinite(value)) {
        model.observe(state.model, timestampMs, 0, false, assessment);
        return notFinite(assessment, value, options, learnedMs);
      }
      model.observe(state.model, timestampMs, value, learn, assessment);
      const result = judgePoint(assessment, value, options, learnedMs, model, state.model, timestampMs);
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
  learnedMs: number,
): DetectorResult {
  return {
    score: 0,
    anomalous: false,
    expected: assessment.expected,
    lower: bandLower(assessment, options),
    upper: bandUpper(assessment, options),
    reason: `value ${String(value)} is not a finite number: not scored, not learned`,
    warm: learnedMs >= options.minHistoryMs,
  };
}
