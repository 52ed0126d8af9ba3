import { Injectable } from '@nestjs/common';
import { Labels, SeriesSamples, METRIC_NAME_LABEL } from 'src/core/model';
import { LOOKBACK_MS } from 'src/core/promql/evaluate-promql';
import { matchesAll } from 'src/core/promql/label-matcher';
import { SelectorRequest } from 'src/core/promql/selectors-of';
import { MetricReader } from './metric-reader';
import { SampleRepository } from './sample.repository';
import { SeriesRepository } from './series.repository';

/**
 * Reads selectors from the built-in store: equality matchers go into SQL (metric name and jsonb containment), the
 * rest are applied to the candidate label sets, then one range query per selector fetches the samples.
 */
@Injectable()
export class PostgresMetricReader extends MetricReader {
  constructor(
    private readonly series: SeriesRepository,
    private readonly samples: SampleRepository,
  ) {
    super();
  }

  async read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SeriesSamples[]>> {
    const result = new Map<string, SeriesSamples[]>();
    for (const request of requests) {
      if (result.has(request.key)) {
        continue;
      }
      const equal: Record<string, string> = {};
      let metric: string | undefined;
      for (const matcher of request.matchers) {
        if (matcher.op === '=' && matcher.value !== '') {
          if (matcher.name === METRIC_NAME_LABEL) {
            metric = matcher.value;
          } else {
            equal[matcher.name] = matcher.value;
          }
        }
      }
      const candidates = (await this.series.findCandidates(metric, equal)).filter((candidate) =>
        matchesAll(request.matchers, candidate.labels),
      );
      const endMs = nowMs - request.offsetMs;
      const startMs = endMs - Math.max(request.rangeMs, LOOKBACK_MS);
      const samples = await this.samples.readRange(
        candidates.map((candidate) => candidate.id),
        startMs,
        endMs,
      );
      const labelsById = new Map<number, Labels>(
        candidates.map((candidate) => [candidate.id, candidate.labels]),
      );
      result.set(
        request.key,
        [...samples.entries()].map(([id, points]) => ({ labels: labelsById.get(id) ?? {}, samples: points })),
      );
    }
    return result;
  }
}
