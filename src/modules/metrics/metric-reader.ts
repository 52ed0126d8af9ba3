import { SeriesSamples } from 'src/core/model';
import { SelectorRequest } from 'src/core/promql/selectors-of';

/** Port: reads the data an expression needs at one evaluation time. Adapters: PostgreSQL (built in), Prometheus API (later). */
export abstract class MetricReader {
  /** For each request, the matching series with samples in `(now - offset - max(range, lookback), now - offset]`. */
  abstract read(requests: readonly SelectorRequest[], nowMs: number): Promise<Map<string, SeriesSamples[]>>;
}
