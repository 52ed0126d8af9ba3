import { Injectable } from '@nestjs/common';
import { Labels, SeriesSamples, METRIC_NAME_LABEL } from 'src/core/model';
import { LOOKBACK_MS } from 'src/core/promql/evaluate-promql';
import { matchesAll } from 'src/core/promql/label-matcher';
import { SelectorRequest } from 'src/core/promql/selectors-of';
import { LabelMatcher } from 'src/core/promql/promql-ast';
import { extrapolateSummary } from 'src/core/promql/extrapolated-rate';
import { kahanSum } from 'src/core/promql/kahan-sum';
import { CounterIncrease, MetricReader, TimeRange } from './metric-reader';
import { SampleRepository } from './sample.repository';
import { SeriesRepository, StoredSeries } from './series.repository';

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
    const unique = [...new Map(requests.map((request) => [request.key, request])).values()];
    // The selectors of an expression are read concurrently, each in two statements whatever the series count.
    const read = await Promise.all(
      unique.map(async (request): Promise<[string, SeriesSamples[]]> => {
        const candidates = await this.candidates(request.matchers);
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
        return [
          request.key,
          [...samples.entries()].map(([id, points]) => ({
            labels: labelsById.get(id) ?? {},
            samples: points,
          })),
        ];
      }),
    );
    return new Map(read);
  }

  async counterIncreases(
    matchers: readonly LabelMatcher[],
    ranges: readonly TimeRange[],
  ): Promise<CounterIncrease[]> {
    const ids = (await this.candidates(matchers)).map((candidate) => candidate.id);
    // All ranges at once: the range-summary loader sends the queries of one tick as one statement.
    return Promise.all(
      ranges.map(async (range): Promise<CounterIncrease> => {
        const summaries = await this.samples.rangeSummaries(ids, range.startMs, range.endMs);
        const increases = [...summaries.values()]
          .map((summary) => extrapolateSummary(summary, range.startMs, range.endMs, true, false))
          .filter((increase) => increase !== undefined);
        return {
          increase: increases.length === 0 ? undefined : kahanSum(increases),
          seriesCount: summaries.size,
        };
      }),
    );
  }

  async counterResets(matchers: readonly LabelMatcher[], range: TimeRange): Promise<number[]> {
    const ids = (await this.candidates(matchers)).map((candidate) => candidate.id);
    return [...(await this.samples.resetCounts(ids, range.startMs, range.endMs)).values()];
  }

  /** Label sets of the stored series that match every matcher (the query API's `/api/v1/series`). */
  async seriesMatching(matchers: readonly LabelMatcher[]): Promise<Labels[]> {
    return (await this.candidates(matchers)).map((candidate) => candidate.labels);
  }

  /** Series matching the matchers: equality matchers go into SQL, the others filter the candidates. */
  private async candidates(matchers: readonly LabelMatcher[]): Promise<StoredSeries[]> {
    const equal: Record<string, string> = {};
    let metric: string | undefined;
    for (const matcher of matchers) {
      if (matcher.op === '=' && matcher.value !== '') {
        if (matcher.name === METRIC_NAME_LABEL) {
          metric = matcher.value;
        } else {
          equal[matcher.name] = matcher.value;
        }
      }
    }
    return (await this.series.findCandidates(metric, equal)).filter((candidate) =>
      matchesAll(matchers, candidate.labels),
    );
  }
}
