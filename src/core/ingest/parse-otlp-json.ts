import { METRIC_NAME_LABEL } from '../model';
import { IngestLimits, IngestResult } from './ingest-batch';
import { quote } from './ingest-limits';
import { ProblemCollector } from './ingest-problems';
import { buildLabelSet } from './label-set';
import { OtlpMetricKind, prometheusLabelName, prometheusMetricName } from './otlp-metric-name';
import { NEEDS_POSITIONS, SeriesAccumulator, parseWithPositionRetry } from './series-accumulator';

/** OTLP's `DataPointFlags.FLAG_NO_RECORDED_VALUE`: the point marks a series as gone (Prometheus's stale marker). */
const NO_RECORDED_VALUE = 1;
const CUMULATIVE = new Set<unknown>([2, 'AGGREGATION_TEMPORALITY_CUMULATIVE']);
const DELTA = new Set<unknown>([1, 'AGGREGATION_TEMPORALITY_DELTA']);

type Json = Record<string, unknown>;

/** A data point being converted: its JSON, path, labels (with the resource's), time and position. */
interface DataPoint {
  readonly point: Json;
  readonly path: string;
  readonly labels: Map<string, string>;
  readonly tsMs: number;
  readonly pos: number;
}

/**
 * Validates an already `JSON.parse`d OTLP/HTTP JSON `ExportMetricsServiceRequest` and turns it into Prometheus
 * series, following OpenTelemetry's Prometheus compatibility spec: gauges stay gauges, cumulative monotonic sums
 * become `_total` counters (non-monotonic ones gauges), histograms become `_bucket{le}` (cumulative, with `+Inf`),
 * `_sum` and `_count`, summaries `{quantile}`, `_sum` and `_count`. Names are normalised with their unit
 * (`otlp-metric-name`); the resource's `service.name` gives `job` (prefixed by `service.namespace/`) and `service`,
 * `service.instance.id` gives `instance`. Delta temporality and exponential histograms are refused with the metric
 * named; points flagged "no recorded value" are dropped. Problems name JSON paths such as
 * `$.resourceMetrics[0].scopeMetrics[0].metrics[1].sum.dataPoints[0].asInt`.
 */
export function parseOtlpJson(body: unknown, limits: IngestLimits): IngestResult {
  return parseWithPositionRetry((trackPositions) => new OtlpParser(limits, trackPositions).parse(body));
}

class OtlpParser {
  private readonly problems = new ProblemCollector();
  private readonly batch: SeriesAccumulator;
  /** Path of each position (one per data point). */
  private readonly paths: string[] = [];

  constructor(
    private readonly limits: IngestLimits,
    trackPositions: boolean,
  ) {
    const name = (pos: number) => this.paths[pos] ?? '$';
    this.batch = new SeriesAccumulator(
      limits,
      this.problems,
      { sample: name, timestamp: (pos) => `${name(pos)}.timeUnixNano` },
      trackPositions,
    );
  }

  parse(body: unknown): IngestResult | typeof NEEDS_POSITIONS {
    if (!isObject(body) || !Array.isArray(body['resourceMetrics'])) {
      this.problem('$', 'expected an ExportMetricsServiceRequest: {"resourceMetrics": [...]}');
      return this.problems.failure();
    }
    body['resourceMetrics'].forEach((resourceMetrics: unknown, r) => {
      const path = `$.resourceMetrics[${r}]`;
      if (!isObject(resourceMetrics)) {
        return this.problem(path, 'expected an object');
      }
      const resource = isObject(resourceMetrics['resource']) ? resourceMetrics['resource'] : {};
      const resourceLabels = this.resourceLabels(resource['attributes'], `${path}.resource.attributes`);
      arrayAt(resourceMetrics, 'scopeMetrics').forEach((scopeMetrics, s) => {
        arrayAt(scopeMetrics, 'metrics').forEach((metric, m) =>
          this.parseMetric(metric, `${path}.scopeMetrics[${s}].metrics[${m}]`, resourceLabels),
        );
      });
    });
    return this.batch.finish();
  }

  private parseMetric(metric: unknown, path: string, resourceLabels: Map<string, string>): void {
    if (!isObject(metric) || typeof metric['name'] !== 'string' || metric['name'] === '') {
      return this.problem(`${path}.name`, 'required: the metric name');
    }
    const name = metric['name'];
    const unit = typeof metric['unit'] === 'string' ? metric['unit'] : '';
    const at = (field: string) => (isObject(metric[field]) ? metric[field] : undefined);
    const gauge = at('gauge');
    const sum = at('sum');
    const histogram = at('histogram');
    const summary = at('summary');
    if (gauge !== undefined) {
      const metricName = prometheusMetricName(name, unit, 'gauge');
      return this.eachPoint(gauge, `${path}.gauge`, resourceLabels, (point) =>
        this.addNumber(point, metricName),
      );
    }
    if (sum !== undefined) {
      if (!this.cumulative(sum, `${path}.sum`, name)) {
        return;
      }
      const kind: OtlpMetricKind = sum['isMonotonic'] === true ? 'counter' : 'gauge';
      const metricName = prometheusMetricName(name, unit, kind);
      return this.eachPoint(sum, `${path}.sum`, resourceLabels, (point) => this.addNumber(point, metricName));
    }
    if (histogram !== undefined) {
      if (!this.cumulative(histogram, `${path}.histogram`, name)) {
        return;
      }
      const base = prometheusMetricName(name, unit, 'histogram');
      return this.eachPoint(histogram, `${path}.histogram`, resourceLabels, (point) =>
        this.addHistogram(point, base),
      );
    }
    if (summary !== undefined) {
      const base = prometheusMetricName(name, unit, 'summary');
      return this.eachPoint(summary, `${path}.summary`, resourceLabels, (point) =>
        this.addSummary(point, base),
      );
    }
    if (at('exponentialHistogram') !== undefined) {
      return this.problem(
        `${path}.exponentialHistogram`,
        `metric ${quote(name)}: exponential histograms are not supported; use explicit bucket histograms`,
      );
    }
    this.problem(path, `metric ${quote(name)} has no gauge, sum, histogram or summary`);
  }

  /** True for cumulative temporality; reports delta and unspecified temporality. */
  private cumulative(data: Json, path: string, name: string): boolean {
    const temporality = data['aggregationTemporality'];
    if (CUMULATIVE.has(temporality)) {
      return true;
    }
    this.problem(
      `${path}.aggregationTemporality`,
      DELTA.has(temporality)
        ? `metric ${quote(name)}: delta temporality is not supported; convert to cumulative ` +
            '(e.g. the collector\'s "deltatocumulative" processor) or use a cumulative exporter'
        : `metric ${quote(name)}: expected 2 (cumulative)`,
    );
    return false;
  }

  private eachPoint(
    data: Json,
    path: string,
    resourceLabels: Map<string, string>,
    add: (point: DataPoint) => void,
  ): void {
    arrayAt(data, 'dataPoints').forEach((point, d) => {
      const pointPath = `${path}.dataPoints[${d}]`;
      if (!isObject(point)) {
        return this.problem(pointPath, 'expected an object');
      }
      const flags = typeof point['flags'] === 'number' ? point['flags'] : 0;
      if ((flags & NO_RECORDED_VALUE) !== 0) {
        return;
      }
      const tsMs = nanosToMs(point['timeUnixNano']);
      if (tsMs === undefined) {
        return this.problem(
          `${pointPath}.timeUnixNano`,
          'expected nanoseconds since the epoch (a string of digits)',
        );
      }
      const labels = this.attributeLabels(point['attributes'], `${pointPath}.attributes`);
      for (const [name, value] of resourceLabels) {
        if (name !== 'service' || !labels.has(name)) {
          labels.set(name, value);
        }
      }
      const pos = this.paths.length;
      this.paths.push(pointPath);
      add({ point, path: pointPath, labels, tsMs, pos });
    });
  }

  private addNumber(dataPoint: DataPoint, metricName: string): void {
    const { point, path, labels } = dataPoint;
    const value =
      point['asDouble'] !== undefined ? doubleOf(point['asDouble']) : integerOf(point['asInt'] ?? undefined);
    if (value === undefined) {
      const field = point['asDouble'] !== undefined ? 'asDouble' : 'asInt';
      return this.problem(`${path}.${field}`, 'expected a number (asDouble) or an integer (asInt)');
    }
    this.add(dataPoint, metricName, labels, value);
  }

  private addHistogram(dataPoint: DataPoint, base: string): void {
    const { point, path, labels } = dataPoint;
    const count = integerOf(point['count'] ?? 0);
    const bounds = Array.isArray(point['explicitBounds']) ? point['explicitBounds'].map(doubleOf) : [];
    const buckets = Array.isArray(point['bucketCounts']) ? point['bucketCounts'].map(integerOf) : [];
    if (count === undefined) {
      return this.problem(`${path}.count`, 'expected an integer');
    }
    const badBound = bounds.findIndex((bound) => bound === undefined);
    const badBucket = buckets.findIndex((bucket) => bucket === undefined);
    if (badBound >= 0 || badBucket >= 0) {
      return this.problem(
        badBound >= 0 ? `${path}.explicitBounds[${badBound}]` : `${path}.bucketCounts[${badBucket}]`,
        badBound >= 0 ? 'expected a number' : 'expected an integer',
      );
    }
    if (buckets.length > 0 && buckets.length !== bounds.length + 1) {
      return this.problem(
        `${path}.bucketCounts`,
        `has ${buckets.length} counts for ${bounds.length} explicitBounds, expected ${bounds.length + 1}`,
      );
    }
    let cumulative = 0;
    bounds.forEach((bound, i) => {
      cumulative += buckets[i] ?? 0;
      this.add(dataPoint, `${base}_bucket`, withLabel(labels, 'le', formatLe(bound ?? NaN)), cumulative);
    });
    this.add(dataPoint, `${base}_bucket`, withLabel(labels, 'le', '+Inf'), count);
    const sum = point['sum'] === undefined ? undefined : doubleOf(point['sum']);
    if (sum !== undefined) {
      this.add(dataPoint, `${base}_sum`, labels, sum);
    }
    this.add(dataPoint, `${base}_count`, labels, count);
  }

  private addSummary(dataPoint: DataPoint, base: string): void {
    const { point, path, labels } = dataPoint;
    const count = integerOf(point['count'] ?? 0);
    const sum = doubleOf(point['sum'] ?? 0);
    if (count === undefined || sum === undefined) {
      return this.problem(`${path}.${count === undefined ? 'count' : 'sum'}`, 'expected a number');
    }
    arrayAt(point, 'quantileValues').forEach((entry, q) => {
      const quantile = doubleOf(entry['quantile'] ?? 0);
      const value = doubleOf(entry['value'] ?? 0);
      if (quantile === undefined || value === undefined) {
        return this.problem(`${path}.quantileValues[${q}]`, 'expected {"quantile": number, "value": number}');
      }
      this.add(dataPoint, base, withLabel(labels, 'quantile', formatLe(quantile)), value);
    });
    this.add(dataPoint, `${base}_sum`, labels, sum);
    this.add(dataPoint, `${base}_count`, labels, count);
  }

  /** One sample of a data point's series `metricName{labels}` (labels: the point's, or with `le` or `quantile`). */
  private add(dataPoint: DataPoint, metricName: string, labels: Map<string, string>, value: number): void {
    const { tsMs, pos, path } = dataPoint;
    const names = [METRIC_NAME_LABEL, ...labels.keys()];
    const values = [metricName, ...labels.values()];
    const set = buildLabelSet(names, values, this.limits, (label, message, limit) =>
      this.problems.add(pos, label === undefined ? path : `${path} ${labelWhere(label)}`, message, limit),
    );
    this.batch.add(set === undefined ? undefined : this.batch.seriesFor(set), tsMs, value, pos);
  }

  /** `job`, `instance` and `service` from the resource's service attributes. */
  private resourceLabels(attributes: unknown, path: string): Map<string, string> {
    const values = this.attributeValues(attributes, path);
    const labels = new Map<string, string>();
    const service = values.get('service.name');
    const namespace = values.get('service.namespace');
    if (service !== undefined) {
      labels.set('job', namespace === undefined || namespace === '' ? service : `${namespace}/${service}`);
      labels.set('service', service);
    }
    const instance = values.get('service.instance.id');
    if (instance !== undefined) {
      labels.set('instance', instance);
    }
    return labels;
  }

  /** Attributes as Prometheus labels; keys that normalise to the same name are joined with `;` (as the spec says). */
  private attributeLabels(attributes: unknown, path: string): Map<string, string> {
    const byName = new Map<string, Array<[string, string]>>();
    for (const [key, value] of this.attributeValues(attributes, path)) {
      const name = prometheusLabelName(key);
      byName.set(name, [...(byName.get(name) ?? []), [key, value]]);
    }
    const labels = new Map<string, string>();
    for (const [name, entries] of byName) {
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      labels.set(name, entries.map(([, value]) => value).join(';'));
    }
    return labels;
  }

  /** `[{"key": k, "value": AnyValue}]` as a map of key to its string form. */
  private attributeValues(attributes: unknown, path: string): Map<string, string> {
    const values = new Map<string, string>();
    if (attributes === undefined) {
      return values;
    }
    if (!Array.isArray(attributes)) {
      this.problem(path, 'expected an array of {"key": ..., "value": {...}}');
      return values;
    }
    attributes.forEach((attribute: unknown, a) => {
      if (!isObject(attribute) || typeof attribute['key'] !== 'string') {
        return this.problem(`${path}[${a}]`, 'expected {"key": string, "value": {...}}');
      }
      const value = anyValueString(attribute['value']);
      if (value === undefined) {
        return this.problem(`${path}[${a}].value`, 'expected an AnyValue such as {"stringValue": "..."}');
      }
      values.set(attribute['key'], value);
    });
    return values;
  }

  private problem(where: string, message: string): void {
    this.problems.add(this.paths.length, where, message);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of an array field; missing or malformed entries are left out (their fields are reported when read). */
function arrayAt(parent: Json, field: string): Json[] {
  const value = parent[field];
  return Array.isArray(value) ? value.map((entry: unknown) => (isObject(entry) ? entry : {})) : [];
}

/** proto3 JSON numbers: a number, or the strings "NaN", "Infinity", "-Infinity" or a decimal. */
function doubleOf(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (value === 'NaN') {
    return NaN;
  }
  if (value === 'Infinity') {
    return Infinity;
  }
  if (value === '-Infinity') {
    return -Infinity;
  }
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
    ? Number(value)
    : undefined;
}

/** proto3 JSON 64-bit integers: a string of digits (optionally signed) or an integral number. */
function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : undefined;
  }
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function nanosToMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    return Math.floor(value / 1e6);
  }
  if (typeof value === 'string' && /^\d+$/.test(value) && /[1-9]/.test(value)) {
    return Number(BigInt(value) / 1_000_000n);
  }
  return undefined;
}

function anyValueString(value: unknown): string | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  if (typeof value['stringValue'] === 'string') {
    return value['stringValue'];
  }
  if (typeof value['boolValue'] === 'boolean') {
    return String(value['boolValue']);
  }
  if (value['intValue'] !== undefined) {
    return integerOf(value['intValue'])?.toString();
  }
  if (value['doubleValue'] !== undefined) {
    return doubleOf(value['doubleValue'])?.toString();
  }
  if (isObject(value['arrayValue']) || isObject(value['kvlistValue'])) {
    return JSON.stringify(value['arrayValue'] ?? value['kvlistValue']);
  }
  return Object.keys(value).length === 0 ? '' : undefined;
}

/** Which label of a point's series a problem is about, in the request's terms. */
function labelWhere(label: string): string {
  return label === METRIC_NAME_LABEL ? '(metric name)' : `(label ${label})`;
}

function withLabel(labels: Map<string, string>, name: string, value: string): Map<string, string> {
  return new Map(labels).set(name, value);
}

/** `le` and `quantile` values as Prometheus writes them: `0.5`, `1`, `+Inf`. */
function formatLe(value: number): string {
  return value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);
}
