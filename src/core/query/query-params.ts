import { InvalidDurationError, parseDuration } from '../time/duration';

/** A query API parameter Prometheus would answer with `bad_data`. */
export class BadQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadQueryError';
  }
}

/** As Prometheus: a range query returns at most this many points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

export interface QueryRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Unix seconds (fractions allowed) or RFC 3339, as Prometheus's HTTP API takes `time`, `start` and `end`. */
export function parseQueryTime(text: string | undefined, name: string, defaultMs?: number): number {
  if (text === undefined || text === '') {
    if (defaultMs !== undefined) {
      return defaultMs;
    }
    throw new BadQueryError(`invalid parameter "${name}": required`);
  }
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw new BadQueryError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  }
  return ms;
}

/** Seconds (fractions allowed) or a Prometheus duration such as `15s` or `1m30s`, as `step` is given. */
export function parseQueryDuration(text: string | undefined, name: string): number {
  if (text === undefined || text === '') {
    throw new BadQueryError(`invalid parameter "${name}": required`);
  }
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof InvalidDurationError) {
      throw new BadQueryError(`invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
    }
    throw error;
  }
}

/** `start`, `end` and `step` of a range query, checked as Prometheus checks them (same messages). */
export function parseQueryRange(params: { start?: string; end?: string; step?: string }): QueryRange {
  const startMs = parseQueryTime(params.start, 'start');
  const endMs = parseQueryTime(params.end, 'end');
  if (endMs < startMs) {
    throw new BadQueryError('invalid parameter "end": end timestamp must not be before start time');
  }
  const stepMs = parseQueryDuration(params.step, 'step');
  if (stepMs <= 0) {
    throw new BadQueryError(
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
    throw new BadQueryError(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  }
  return { startMs, endMs, stepMs };
}
