import { Labels } from '../model';
import { QueryResult } from './evaluate-query';

/** A sample as Prometheus's HTTP API writes it: `[unix seconds, "value"]`. */
export type ApiSample = [number, string];

export type ApiQueryData =
  | { resultType: 'vector'; result: Array<{ metric: Labels; value: ApiSample }> }
  | { resultType: 'scalar'; result: ApiSample }
  | { resultType: 'matrix'; result: Array<{ metric: Labels; values: ApiSample[] }> };

/** The `data` of a successful `/api/v1/query` or `/api/v1/query_range` reply. */
export function apiQueryData(result: QueryResult, timeMs: number): ApiQueryData {
  switch (result.resultType) {
    case 'scalar':
      return { resultType: 'scalar', result: apiSample(timeMs, result.value) };
    case 'vector':
      return {
        resultType: 'vector',
        result: result.result.map((element) => ({
          metric: element.labels,
          value: apiSample(timeMs, element.value),
        })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: result.result.map((series) => ({
          metric: series.labels,
          values: series.points.map(([tsMs, value]) => apiSample(tsMs, value)),
        })),
      };
  }
}

export function apiSample(tsMs: number, value: number): ApiSample {
  return [tsMs / 1000, formatApiValue(value)];
}

/** Values as Prometheus writes them: `NaN`, `+Inf`, `-Inf`, otherwise the shortest decimal that reads back exactly. */
export function formatApiValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (value === Infinity) {
    return '+Inf';
  }
  if (value === -Infinity) {
    return '-Inf';
  }
  return String(value);
}

/** Parses a value as written by `formatApiValue` (or by Prometheus); `undefined` if it is no number. */
export function parseApiValue(text: string): number | undefined {
  if (text === 'NaN') {
    return NaN;
  }
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : undefined;
}
