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

/** A reply of a Prometheus-compatible query API that forewarn cannot read. */
export class ApiReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiReplyError';
  }
}

/**
 * The result in a successful `/api/v1/query` or `/api/v1/query_range` reply (`body.data`) of Prometheus, Thanos,
 * Mimir or VictoriaMetrics, as forewarn's own result type. Throws `ApiReplyError` naming what does not fit.
 */
export function queryResultOf(data: unknown): QueryResult {
  if (!isRecord(data) || !Array.isArray(data['result'])) {
    throw new ApiReplyError('reply has no data.result');
  }
  switch (data['resultType']) {
    case 'scalar':
      return { resultType: 'scalar', value: sampleOf(data['result'], 'data.result')[1] };
    case 'vector':
      return {
        resultType: 'vector',
        result: (data['result'] as unknown[]).map((entry, i) => {
          const where = `data.result[${i}]`;
          return {
            labels: metricOf(entry, where),
            value: sampleOf(field(entry, 'value', where), `${where}.value`)[1],
          };
        }),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: (data['result'] as unknown[]).map((entry, i) => {
          const where = `data.result[${i}]`;
          const values = field(entry, 'values', where);
          if (!Array.isArray(values)) {
            throw new ApiReplyError(`${where}.values is not an array`);
          }
          return {
            labels: metricOf(entry, where),
            points: values.map((sample: unknown, k) => sampleOf(sample, `${where}.values[${k}]`)),
          };
        }),
      };
    default:
      throw new ApiReplyError(`unsupported resultType ${JSON.stringify(data['resultType'])}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(entry: unknown, name: string, where: string): unknown {
  if (!isRecord(entry)) {
    throw new ApiReplyError(`${where} is not an object`);
  }
  return entry[name];
}

function metricOf(entry: unknown, where: string): Labels {
  const metric = field(entry, 'metric', where) ?? {};
  if (!isRecord(metric) || !Object.values(metric).every((value) => typeof value === 'string')) {
    throw new ApiReplyError(`${where}.metric is not a map of label values`);
  }
  return metric as Labels;
}

/** `[unixSeconds, "value"]` as `[ms, value]`. */
function sampleOf(sample: unknown, where: string): [number, number] {
  const value = Array.isArray(sample) && typeof sample[1] === 'string' ? parseApiValue(sample[1]) : undefined;
  if (!Array.isArray(sample) || typeof sample[0] !== 'number' || value === undefined) {
    throw new ApiReplyError(`${where} is not a [unixSeconds, "value"] sample`);
  }
  return [Math.round(sample[0] * 1000), value];
}
