/**
 * The queries compared between Prometheus and forewarn, covering every function and operator of the subset
 * (docs/promql.md). Those marked as errors must fail in both (many-to-many matching, duplicate label sets).
 */

export interface DifferentialQuery {
  readonly expr: string;
  /** Both engines must refuse it at every evaluation time where its operands have data. */
  readonly error?: true;
}

const q = (expr: string): DifferentialQuery => ({ expr });
const fails = (expr: string): DifferentialQuery => ({ expr, error: true });

export const QUERIES: readonly DifferentialQuery[] = [
  // selectors, matchers, offset, lookback (h4's 15-minute gap, a NaN sample on h2)
  q('fw_cpu_temp'),
  q('fw_cpu_temp{dc="east"}'),
  q('fw_cpu_temp{host!="h1"}'),
  q('fw_cpu_temp{host=~"h[12]"}'),
  q('fw_cpu_temp{host!~"h[12]"}'),
  q('fw_cpu_temp offset 10m'),
  q('{__name__=~"fw_cpu_.*", host="h3"}'),
  // range functions (counters with resets and a gap)
  q('rate(fw_requests_total[5m])'),
  q('rate(fw_requests_total[1m])'),
  q('rate(fw_requests_total[1h])'),
  q('irate(fw_requests_total[5m])'),
  q('increase(fw_requests_total[15m])'),
  q('increase(fw_latency_seconds_count[30m])'),
  q('delta(fw_cpu_temp[10m])'),
  q('rate(fw_requests_total[5m] offset 30m)'),
  q('avg_over_time(fw_cpu_temp[10m])'),
  q('min_over_time(fw_cpu_temp[10m])'),
  q('max_over_time(fw_cpu_temp[1h])'),
  q('sum_over_time(fw_queue_depth[5m])'),
  q('count_over_time(fw_cpu_temp[10m])'),
  q('quantile_over_time(0.9, fw_cpu_temp[10m])'),
  q('quantile_over_time(0.5, fw_queue_depth[15m])'),
  q('stddev_over_time(fw_queue_depth[10m])'),
  q('stdvar_over_time(fw_queue_depth[10m])'),
  q('last_over_time(fw_cpu_temp[10m])'),
  q('absent(fw_cpu_temp{host="h4"})'),
  q('absent(fw_nonexistent{job="x"})'),
  q('absent_over_time(fw_cpu_temp{host="h4"}[3m])'),
  q('absent_over_time(fw_nonexistent[5m])'),
  // aggregations
  q('sum by (dc) (rate(fw_requests_total[5m]))'),
  q('sum without (code) (rate(fw_requests_total[5m]))'),
  q('sum(fw_cpu_temp)'),
  q('avg by (dc) (fw_cpu_temp)'),
  q('min by (dc) (fw_cpu_temp)'),
  q('max(fw_queue_depth)'),
  q('count by (code) (fw_requests_total)'),
  q('group by (dc) (fw_cpu_temp)'),
  q('quantile(0.75, fw_queue_depth)'),
  q('quantile by (dc) (0.5, fw_queue_depth)'),
  q('topk(2, fw_queue_depth)'),
  q('bottomk by (dc) (1, fw_queue_depth)'),
  q('topk(3, rate(fw_requests_total[5m]))'),
  q('stddev(fw_queue_depth)'),
  q('stdvar by (queue) (fw_queue_depth)'),
  q('count(fw_cpu_temp > 45)'),
  // classic histograms
  q('histogram_quantile(0.9, rate(fw_latency_seconds_bucket[5m]))'),
  q('histogram_quantile(0.5, sum by (le) (rate(fw_latency_seconds_bucket[5m])))'),
  q('histogram_quantile(0.99, sum by (le, dc) (rate(fw_latency_seconds_bucket[10m])))'),
  q('histogram_quantile(0, fw_latency_seconds_bucket)'),
  q('histogram_quantile(1.5, fw_latency_seconds_bucket{host="h1"})'),
  q('rate(fw_latency_seconds_sum[5m]) / rate(fw_latency_seconds_count[5m])'),
  // arithmetic and comparisons with scalars
  q('fw_cpu_temp * 2 + 1'),
  q('fw_cpu_temp % 7'),
  q('2 ^ (fw_cpu_temp / 10)'),
  q('-fw_cpu_temp'),
  q('fw_cpu_temp > 45'),
  q('fw_cpu_temp > bool 45'),
  q('50 < fw_cpu_temp'),
  q('time() % 86400'),
  q('vector(time() % 86400)'),
  q('scalar(sum(fw_capacity))'),
  q('fw_cpu_temp * scalar(fw_capacity{dc="east"})'),
  // vector matching
  q('fw_cpu_temp / fw_cpu_limit'),
  q('fw_cpu_temp > fw_cpu_limit - 46'),
  q('fw_cpu_temp >= bool fw_cpu_limit - 46'),
  q('fw_cpu_temp > on (host, dc) fw_cpu_limit - 46'),
  q('fw_queue_depth / on (host, dc) group_left fw_cpu_temp'),
  q('fw_queue_depth / ignoring (queue) group_left fw_cpu_temp'),
  q('fw_cpu_temp * on (host) group_left (version) fw_build_info'),
  q('fw_capacity / on (dc) group_right fw_cpu_temp'),
  q('fw_cpu_temp / on (dc) group_left fw_capacity'),
  q('fw_queue_depth > bool on (host) group_left fw_cpu_temp'),
  q('sum by (dc) (fw_cpu_temp) / on (dc) fw_capacity'),
  q(
    '1 - sum by (dc) (rate(fw_requests_total{code="500"}[10m])) / sum by (dc) (rate(fw_requests_total[10m]))',
  ),
  // set operators
  q('fw_queue_depth and on (host) fw_cpu_temp > 45'),
  q('fw_cpu_temp or fw_cpu_limit'),
  q('fw_cpu_limit unless fw_cpu_temp'),
  q('fw_queue_depth unless on (host) fw_cpu_temp > 45'),
  // functions
  q('clamp_min(fw_cpu_temp, 45)'),
  q('clamp_max(fw_cpu_temp, 45)'),
  q('clamp(fw_cpu_temp, 42, 48)'),
  q('abs(fw_cpu_temp - 45)'),
  q('ceil(fw_cpu_temp)'),
  q('floor(fw_cpu_temp)'),
  q('round(fw_cpu_temp, 0.5)'),
  q('round(fw_queue_depth)'),
  q('sqrt(fw_queue_depth)'),
  q('exp(fw_cpu_temp / 10)'),
  q('ln(fw_queue_depth)'),
  q('log2(fw_cpu_temp)'),
  q('log10(fw_queue_depth)'),
  q('sgn(fw_cpu_temp - 45)'),
  q('deriv(fw_cpu_temp[10m])'),
  q('predict_linear(fw_cpu_temp[10m], 3600)'),
  q('idelta(fw_queue_depth[2m])'),
  q('changes(fw_cpu_temp[10m])'),
  q('resets(fw_requests_total[1h])'),
  q('present_over_time(fw_cpu_temp[10m])'),
  // errors
  fails('fw_requests_total / on (host) fw_cpu_temp'),
  fails('fw_cpu_temp / on (dc) fw_cpu_limit'),
  fails('fw_queue_depth * on (dc) group_left fw_cpu_temp'),
  fails('abs({__name__=~"fw_cpu_temp|fw_cpu_limit"})'),
];
