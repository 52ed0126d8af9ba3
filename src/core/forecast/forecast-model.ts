/** One sample of a series: when (epoch ms) and its value. */
export type Sample = readonly [timestampMs: number, value: number];

export type ForecastMethod = 'linear' | 'holt_winters' | 'seasonal_linear';
export type ForecastDirection = 'above' | 'below';

export interface ForecastInput {
  /** The lookback window, ascending. Points after `nowMs` and non-finite values are ignored. */
  points: ReadonlyArray<Sample>;
  nowMs: number;
  threshold: number;
  /** `above`: the series is watched for reaching the threshold from below; `below`: from above. */
  direction: ForecastDirection;
  horizonMs: number;
  method: ForecastMethod;
  /** `seasonal_linear` only: the trend is fitted on this last part of the lookback (default 2h). */
  trendWindowMs?: number;
}

export type ForecastResult =
  | { status: 'insufficient-data'; reason: string }
  /** The newest point is already at or past the threshold. */
  | { status: 'already-crossed'; value: number }
  | { status: 'not-approaching'; slopePerHour: number; expectedAtHorizon: number; reason: string }
  | {
      status: 'crossing';
      /** When the forecast reaches the threshold (never before `nowMs`). */
      crossingMs: number;
      /** When an observation is first likely to reach it: the near edge of the 95% band crosses. */
      earliestMs: number;
      /** When the far edge of the band crosses; `Infinity` when it never does (a seasonal peak on a flat trend). */
      latestMs: number;
      /** `crossingMs` is at most `horizonMs` after `nowMs`. */
      withinHorizon: boolean;
      slopePerHour: number;
      expectedNow: number;
      reason: string;
    };

export type CrossingResult = Extract<ForecastResult, { status: 'crossing' }>;
export type NotApproachingResult = Extract<ForecastResult, { status: 'not-approaching' }>;
