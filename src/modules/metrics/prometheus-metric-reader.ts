import { SeriesSamples } from 'src/core/model';
import { formatMatchers, formatSignedDuration } from 'src/core/promql/format-promql';
import { LOOKBACK_MS } from 'src/core/promql/lookback';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { SelectorRequest } from 'src/core/promql/selectors-of';
import { QueryResult } from 'src/core/query/evaluate-query';
import { ParsedQuery } from 'src/core/query/parsed-query';
import { ApiReplyError, queryResultOf } from 'src/core/query/prometheus-api-format';
import { QueryRange } from 'src/core/query/query-params';
import { formatDuration } from 'src/core/time/duration';
import { CounterIncrease, MetricReader, TimeRange } from './metric-reader';

export interface PrometheusReaderOptions {
  /** Base URL of the API, e.g. `http://prometheus:9090` or Mimir's `http://mimir/prometheus`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer` when set (Mimir, Grafana Cloud, another forewarn). */
  readonly bearerToken?: string;
  readonly timeoutMs: number;
}

/** The remote API failed or refused a query; the message carries its answer, never the URL or the token. */
export class RemoteQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteQueryError';
  }
}

/**
 * Reads from a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics, or another forewarn).
 * Whole queries go to the remote as they are (`/api/v1/query`, `/api/v1/query_range`): the remote evaluates them
 * next to its data, and only results cross the network. Raw samples (`read`, for detectors, forecasts and charts)
 * come from instant queries of range selectors, counter increases and resets from `sum(increase(...))`,
 * `count(count_over_time(...))` and `resets(...)` at the end of each range.
 */
export class PrometheusMetricReader extends MetricReader {
  constructor(private readonly options: PrometheusReaderOptions) {
    super();
  }

  override async instantQuery(query: ParsedQuery, timeMs: number): Promise<QueryResult> {
    return this.call('/api/v1/query', { query: query.text, time: seconds(timeMs) });
  }

  override async rangeQuery(query: ParsedQuery, range: QueryRange): Promise<QueryResult> {
    return this.call('/api/v1/query_range', {
      query: query.text,
      start: seconds(range.startMs),
      end: seconds(range.endMs),
      step: seconds(range.stepMs),
    });
  }

  async read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SeriesSamples[]>> {
    const results = await Promise.all(
      requests.map(async (request) => {
        const windowMs = Math.max(request.rangeMs, LOOKBACK_MS);
        const offset = request.offsetMs === 0 ? '' : ` offset ${formatSignedDuration(request.offsetMs)}`;
        const text = `${formatMatchers(request.matchers)}[${formatDuration(windowMs)}]${offset}`;
        const result = await this.call('/api/v1/query', { query: text, time: seconds(nowMs) });
        return [request.key, matrixOf(result, text)] as const;
      }),
    );
    return new Map(results);
  }

  async counterIncreases(
    matchers: readonly LabelMatcher[],
    ranges: readonly TimeRange[],
  ): Promise<CounterIncrease[]> {
    const selector = formatMatchers(matchers);
    return Promise.all(
      ranges.map(async (range): Promise<CounterIncrease> => {
        const window = `${selector}[${formatDuration(range.endMs - range.startMs)}]`;
        const time = seconds(range.endMs);
        const [increase, count] = await Promise.all([
          this.call('/api/v1/query', { query: `sum(increase(${window}))`, time }),
          this.call('/api/v1/query', { query: `count(count_over_time(${window}))`, time }),
        ]);
        return { increase: firstValue(increase), seriesCount: firstValue(count) ?? 0 };
      }),
    );
  }

  async counterResets(matchers: readonly LabelMatcher[], range: TimeRange): Promise<number[]> {
    const window = `${formatMatchers(matchers)}[${formatDuration(range.endMs - range.startMs)}]`;
    const result = await this.call('/api/v1/query', {
      query: `resets(${window})`,
      time: seconds(range.endMs),
    });
    return result.resultType === 'vector' ? result.result.map((element) => element.value) : [];
  }

  private async call(path: string, params: Record<string, string>): Promise<QueryResult> {
    const url = new URL(`${this.options.url.replace(/\/+$/, '')}${path}`);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(this.options.bearerToken === undefined
            ? {}
            : { authorization: `Bearer ${this.options.bearerToken}` }),
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new RemoteQueryError(`Prometheus API (PROMETHEUS_URL) unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RemoteQueryError(`Prometheus API (PROMETHEUS_URL) answered ${response.status} without JSON`);
    }
    const reply = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (!response.ok || reply['status'] !== 'success') {
      const error = typeof reply['error'] === 'string' ? reply['error'] : 'no error message';
      throw new RemoteQueryError(
        `Prometheus API (PROMETHEUS_URL) answered ${response.status} to ${params['query']}: ${error}`,
      );
    }
    try {
      return queryResultOf(reply['data']);
    } catch (error) {
      if (error instanceof ApiReplyError) {
        throw new RemoteQueryError(
          `Prometheus API (PROMETHEUS_URL) reply to ${params['query']}: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

function matrixOf(result: QueryResult, query: string): SeriesSamples[] {
  if (result.resultType !== 'matrix') {
    throw new RemoteQueryError(
      `Prometheus API (PROMETHEUS_URL) answered ${query} with a ${result.resultType}`,
    );
  }
  return result.result.map((series) => ({ labels: series.labels, samples: series.points }));
}

/** The value of a one-element vector (or scalar); undefined for an empty vector. */
function firstValue(result: QueryResult): number | undefined {
  if (result.resultType === 'scalar') {
    return result.value;
  }
  return result.resultType === 'vector' ? result.result[0]?.value : undefined;
}
