import { Injectable } from '@nestjs/common';
import { Labels } from 'src/core/model';
import { matchesAll } from 'src/core/promql/label-matcher';
import { parsePromql } from 'src/core/promql/parse-promql';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { ApiQueryData, apiQueryData } from 'src/core/query/prometheus-api-format';
import { parseQuery } from 'src/core/query/parsed-query';
import { BadQueryError, parseQueryRange, parseQueryTime } from 'src/core/query/query-params';
import { Clock } from 'src/infra/clock';
import { PostgresMetricReader } from '../metrics/postgres-metric-reader';
import { LabelNamesRepository } from './label-names.repository';

/** Parameters of a query API call: the URL's and the form body's, as Prometheus merges them. */
export type QueryParams = URLSearchParams;

/**
 * Prometheus's HTTP query API over forewarn's own store (always PostgreSQL, whatever `METRICS_BACKEND` says, so a
 * forewarn can be another's Prometheus backend without querying itself).
 */
@Injectable()
export class QueryService {
  constructor(
    private readonly clock: Clock,
    private readonly reader: PostgresMetricReader,
    private readonly labelNames: LabelNamesRepository,
  ) {}

  async instant(params: QueryParams): Promise<ApiQueryData> {
    const query = parseQuery(required(params, 'query'));
    const timeMs = parseQueryTime(params.get('time') ?? undefined, 'time', this.clock.nowMs());
    return apiQueryData(await this.reader.instantQuery(query, timeMs), timeMs);
  }

  async range(params: QueryParams): Promise<ApiQueryData> {
    const query = parseQuery(required(params, 'query'));
    const range = parseQueryRange({
      start: params.get('start') ?? undefined,
      end: params.get('end') ?? undefined,
      step: params.get('step') ?? undefined,
    });
    return apiQueryData(await this.reader.rangeQuery(query, range), range.endMs);
  }

  /** `/api/v1/series`: the label sets of every stored series matching any `match[]` selector. */
  async series(params: QueryParams): Promise<Labels[]> {
    const selectors = matchSelectors(params);
    if (selectors.length === 0) {
      throw new BadQueryError('no match[] parameter provided');
    }
    return this.matching(selectors);
  }

  async labels(params: QueryParams): Promise<string[]> {
    const selectors = matchSelectors(params);
    if (selectors.length === 0) {
      return this.labelNames.names();
    }
    return [...new Set((await this.matching(selectors)).flatMap((labels) => Object.keys(labels)))].sort();
  }

  async labelValues(name: string, params: QueryParams): Promise<string[]> {
    const selectors = matchSelectors(params);
    if (selectors.length === 0) {
      return this.labelNames.values(name);
    }
    const values = (await this.matching(selectors)).map((labels) => labels[name]);
    return [...new Set(values.filter((value) => value !== undefined))].sort();
  }

  private async matching(selectors: ReadonlyArray<readonly LabelMatcher[]>): Promise<Labels[]> {
    const found = new Map<string, Labels>();
    for (const matchers of selectors) {
      for (const labels of await this.reader.seriesMatching(matchers)) {
        if (matchesAll(matchers, labels)) {
          found.set(JSON.stringify(Object.entries(labels).sort()), labels);
        }
      }
    }
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, labels]) => labels);
  }
}

function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw new BadQueryError(`invalid parameter "${name}": required`);
  }
  return value;
}

/** The matchers of each `match[]` parameter, which must be a series selector such as `up{job="api"}`. */
function matchSelectors(params: QueryParams): LabelMatcher[][] {
  return params.getAll('match[]').map((text) => {
    const expr = parsePromql(text);
    if (expr.type !== 'VectorSelector') {
      throw new BadQueryError(`invalid parameter "match[]": ${text} is not a series selector`);
    }
    return [...expr.matchers];
  });
}
