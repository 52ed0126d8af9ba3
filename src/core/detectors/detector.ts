import { createCusumModel } from './cusum.detector';
import { createEnsembleModel } from './ensemble.detector';
import { createEwmaModel } from './ewma.detector';
import { createHoltWintersModel } from './holt-winters.detector';
import { createRobustModel } from './robust.detector';
import { createSeasonalModel } from './seasonal.detector';
import { DetectorModel } from './detector-model';
import { StreamingDetectorState, streamingDetector } from './streaming-detector';

export type DetectorKind = 'seasonal' | 'robust' | 'ewma' | 'holt_winters' | 'cusum' | 'ensemble';

export interface DetectorOptions {
  /** Rule `sensitivity` (default 3): half-width of the band in robust sigmas; higher means fewer alerts. */
  sensitivity: number;
  /** Rule `min_deviation` (default 0): a point closer than this to the expected value is never anomalous. */
  minDeviation: number;
  direction: 'up' | 'down' | 'both';
  /** Cold start: nothing is anomalous before this much history has been learned (default 1 day). */
  minHistoryMs: number;
}

export interface DetectorResult {
  /** In [0,1]; higher is more anomalous. `s` means the model gives a deviation this large a probability of 10^(-10·s). */
  score: number;
  /**
   * The decision after sensitivity, direction, minDeviation and warm-up. Only ever true for a value outside
   * [`lower`, `upper`] on a watched side.
   */
  anomalous: boolean;
  /** Expected value at this timestamp. */
  expected: number;
  lower: number;
  upper: number;
  /** Human readable, e.g. "value 812 above expected 410 (band 350–470) for Tuesday 14:00". */
  reason: string;
  /** Enough history has been learned (`minHistoryMs`). */
  warm: boolean;
}

/**
 * A streaming detector. Its state is a plain JSON-compatible object (no Map, typed array, NaN or Infinity), so it can
 * be stored between evaluations and resumed with identical results.
 */
export interface Detector<S = DetectorState> {
  readonly kind: DetectorKind;
  initialState(): S;
  /**
   * Scores the point against the state learned so far (causal: before learning it), then learns it unless
   * `learn === false` (maintenance windows, holidays). Mutates `state` and nothing else.
   */
  update(state: S, timestampMs: number, value: number, learn?: boolean): DetectorResult;
}

/** Opaque to callers; round-trips through `JSON.parse(JSON.stringify(state))`. */
export type DetectorState = StreamingDetectorState;

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  sensitivity: 3,
  minDeviation: 0,
  direction: 'both',
  minHistoryMs: 86_400_000,
};

const MODELS: Record<DetectorKind, (options: DetectorOptions) => DetectorModel<unknown>> = {
  seasonal: () => createSeasonalModel(),
  robust: () => createRobustModel(),
  ewma: () => createEwmaModel(),
  holt_winters: () => createHoltWintersModel(),
  cusum: (options) => createCusumModel(options.sensitivity),
  ensemble: (options) => createEnsembleModel(options),
};

/** The detector of a rule: `kind` with the rule's options (see `DEFAULT_DETECTOR_OPTIONS`). */
export function createDetector(kind: DetectorKind, options: DetectorOptions): Detector {
  return streamingDetector(kind, MODELS[kind](options), options);
}
