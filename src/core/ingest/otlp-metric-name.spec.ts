import { prometheusLabelName, prometheusMetricName } from './otlp-metric-name';

describe(prometheusMetricName.name, () => {
  it.each([
    ['http.server.duration', 'ms', 'histogram', 'http_server_duration_milliseconds'],
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['system.filesystem.usage', 'By', 'gauge', 'system_filesystem_usage_bytes'],
    ['system.network.dropped', '{packets}', 'counter', 'system_network_dropped_total'],
    ['system.network.dropped', 'packets', 'gauge', 'system_network_dropped_packets'],
    ['system.memory.utilization', '1', 'gauge', 'system_memory_utilization_ratio'],
    ['requests', '1', 'counter', 'requests_total'],
    ['requests_total', '', 'counter', 'requests_total'],
    ['process.cpu.time', 's', 'counter', 'process_cpu_time_seconds_total'],
    ['request_duration_seconds', 's', 'histogram', 'request_duration_seconds'],
    ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
    ['(lambda).function.executions(#)', '', 'gauge', 'lambda_function_executions'],
    ['2xx.responses', '', 'gauge', '_2xx_responses'],
  ] as const)('%s [%s] as a %s is %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });
});

describe(prometheusLabelName.name, () => {
  it.each([
    ['http.method', 'http_method'],
    ['k8s.pod-name', 'k8s_pod_name'],
    ['2xx', 'key_2xx'],
    ['__secret', 'key__secret'],
    ['plain', 'plain'],
  ])('%s is %s', (key, expected) => {
    expect(prometheusLabelName(key)).toBe(expected);
  });
});
