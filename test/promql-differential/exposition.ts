import { Labels, METRIC_NAME_LABEL } from 'src/core/model';
import { formatApiValue as formatValue } from 'src/core/query/prometheus-api-format';
import { SyntheticSeries } from './synthetic-metrics';

/** The synthetic series as text: OpenMetrics for `promtool tsdb create-blocks-from openmetrics`, and forewarn's ingest text. */

function seriesText(labels: Labels): string {
  const name = labels[METRIC_NAME_LABEL] ?? '';
  const pairs = Object.entries(labels)
    .filter(([label]) => label !== METRIC_NAME_LABEL)
    .map(([label, value]) => `${label}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

/** OpenMetrics text (timestamps in seconds), series after series, each in time order, ending in `# EOF`. */
export function openMetricsText(series: readonly SyntheticSeries[]): string {
  const lines: string[] = [];
  for (const { labels, samples } of series) {
    const prefix = seriesText(labels);
    for (const [ts, value] of samples) {
      lines.push(`${prefix} ${formatValue(value)} ${ts / 1000}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** Prometheus exposition text with millisecond timestamps, for `POST /api/v1/write` (text/plain). */
export function expositionTextBatches(series: readonly SyntheticSeries[], maxLines: number): string[] {
  const batches: string[] = [];
  let lines: string[] = [];
  for (const { labels, samples } of series) {
    const prefix = seriesText(labels);
    for (const [ts, value] of samples) {
      lines.push(`${prefix} ${formatValue(value)} ${ts}`);
      if (lines.length >= maxLines) {
        batches.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
  }
  if (lines.length > 0) {
    batches.push(`${lines.join('\n')}\n`);
  }
  return batches;
}
