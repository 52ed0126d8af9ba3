import { Injectable } from '@nestjs/common';
import { Labels, METRIC_NAME_LABEL } from 'src/core/model';
import { SelectedSeries } from 'src/core/promql/select-series';
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
 * rest are applied to the candidate label sets, then one range query per selector fetches the samples, or only
 * what the evaluation needs of them where the request says so (`SelectorRequest.reduce`): the newest sample or a
 * summary per series, computed in PostgreSQL.
 */
@Injectable()
export class PostgresMetricReader extends MetricReader {
  constructor(
    private readonly series: SeriesRepository,
    private readonly samples: SampleRepository,
  ) {
    super();
  }

  async read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SelectedSeries[]>> {
    const unique = [...new Map(requests.map((request) => [request.key, request])).values()];
    // The selectors of an expression are read concurrently, each in two statements whatever the series count.
    const read = await Promise.all(
      unique.map(async (request): Promise<[string, SelectedSeries[]]> => {
        const candidates = await this.candidates(request.matchers);
        const labelsById = new Map<number, Labels>(
          candidates.map((candidate) => [candidate.id, candidate.labels]),
        );
        const selected = await this.readSeries(
          request,
          candidates.map((candidate) => candidate.id),
          nowMs - request.offsetMs,
        );
        return [
          request.key,
          [...selected.entries()].map(([id, series]) => ({ labels: labelsById.get(id) ?? {}, ...series })),
        ];
      }),
    );
    return new Map(read);
  }

  /**
   * Per series id, what the request needs of its window ending at `endMs`: its newest sample (`last`), the summary
   * of its range with the first and last sample (`summary`, which reads rollups for long ranges), or every sample.
   */
  private async readSeries(
    request: SelectorRequest,
    ids: readonly number[],
    endMs: number,
  ): Promise<Map<number, Omit<SelectedSeries, 'labels'>>> {
    const startMs = endMs - Math.max(request.rangeMs, LOOKBACK_MS);
    const result = new Map<number, Omit<SelectedSeries, 'labels'>>();
    if (request.reduce === 'summary') {
      for (const [id, summary] of await this.samples.rangeSummaries(ids, endMs - request.rangeMs, endMs)) {
        const first = [summary.firstTsMs, summary.firstValue] as const;
        const last = [summary.lastTsMs, summary.lastValue] as const;
        result.set(id, { samples: summary.count > 1 ? [first, last] : [last], summary });
      }
    } else if (request.reduce === 'last') {
      for (const [id, sample] of await this.samples.readLast(ids, startMs, endMs)) {
        result.set(id, { samples: [sample] });
      }
    } else {
      for (const [id, samples] of await this.samples.readRange(ids, startMs, endMs)) {
        result.set(id, { samples });
      }
    }
    return result;
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
