import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { parsePromql } from 'src/core/promql/parse-promql';
import { selectorsOf } from 'src/core/promql/selectors-of';
import { parseQuery } from 'src/core/query/parsed-query';
import { PostgresMetricReader } from 'src/modules/metrics/postgres-metric-reader';
import { PrometheusMetricReader } from 'src/modules/metrics/prometheus-metric-reader';
import { eventually } from '../support/eventually';
import { PrometheusServer, prometheusVersion } from '../support/prometheus-server';
import { TestEnvironment } from '../support/test-app';

const version = prometheusVersion();

if (version === undefined) {
  if (process.env.CI === 'true') {
    it('needs the prometheus binary', () => {
      throw new Error(
        'prometheus is not installed, so remote write from a real Prometheus is not checked; install it with `apt-get install -y prometheus` (.ci/run does)',
      );
    });
  } else {
    const reason =
      'prometheus is not installed (apt-get install -y prometheus): the tests against a real Prometheus are skipped';
    // Jest does not print the names of skipped tests; say why they are skipped.
    console.warn(`test/integration/prometheus-server: ${reason}`);
    it.skip(reason, () => {});
  }
} else {
  /**
   * A real Prometheus scrapes a tiny exporter every second and remote-writes to forewarn; then forewarn's
   * Prometheus-compatible reader queries that Prometheus and must see what arrived in forewarn's PostgreSQL.
   */
  describe(`a real Prometheus (${version}) remote-writing to forewarn, and read back through its API`, () => {
    const env = new TestEnvironment();
    const prometheus = new PrometheusServer();
    let exporter: Server;
    let scrapes = 0;

    beforeAll(async () => {
      await env.setUp();
      await env.start(['api']);
      const token = await env.createToken(['ingest']);
      exporter = createServer((request, response) => {
        scrapes += 1;
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end(
          '# TYPE demo_requests_total counter\n' +
            `demo_requests_total{path="/pay"} ${scrapes * 5}\n` +
            '# TYPE demo_temperature_celsius gauge\n' +
            `demo_temperature_celsius ${20 + (scrapes % 3)}\n`,
        );
      });
      await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
      const { port } = exporter.address() as AddressInfo;
      await prometheus.start(
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          `  - { job_name: exporter, static_configs: [{ targets: ['127.0.0.1:${port}'] }] }`,
          'remote_write:',
          `  - url: ${env.url}/api/v1/write`,
          `    authorization: { credentials: ${token} }`,
          '    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }',
          '    metadata_config: { send_interval: 1s }',
        ].join('\n'),
      );
    }, 60_000);

    afterAll(async () => {
      await prometheus.stop();
      await new Promise((resolve) => exporter?.close(resolve));
      await env.tearDown();
    });

    it('stores what Prometheus scraped, and the Prometheus reader reads the same from Prometheus', async () => {
      const local = env.get(PostgresMetricReader);
      const requests = selectorsOf(parsePromql('count_over_time(demo_requests_total{job="exporter"}[5m])'));
      // Wait (bounded) until forewarn holds at least 3 remote-written samples of the counter.
      const samples = await eventually(
        async () => {
          const data = await local.read(requests, Date.now());
          const series = [...data.values()][0]?.[0];
          return series !== undefined && series.samples.length >= 3 ? series : undefined;
        },
        60_000,
        200,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; Prometheus logged:\n${prometheus.log}`);
      });
      expect(samples.labels).toMatchObject({
        __name__: 'demo_requests_total',
        job: 'exporter',
        path: '/pay',
      });
      expect(samples.samples.map(([, value]) => value % 5)).toEqual(samples.samples.map(() => 0));

      // At the newest sample forewarn holds, Prometheus holds at least as much (it wrote them).
      const at = samples.samples[samples.samples.length - 1]![0];
      const remote = new PrometheusMetricReader({ url: prometheus.url, timeoutMs: 10_000 });
      for (const text of ['demo_requests_total', 'demo_temperature_celsius', 'up{job="exporter"}']) {
        const query = parseQuery(text);
        expect(await remote.instantQuery(query, at)).toEqual(await local.instantQuery(query, at));
      }
      // Raw samples: Prometheus 2 reads [start, end], forewarn (start, end]; compare inside the window.
      const window = selectorsOf(parsePromql('rate(demo_requests_total[20s])'));
      const [fromPrometheus, fromForewarn] = await Promise.all([
        remote.read(window, at),
        local.read(window, at),
      ]);
      const inside = (data: typeof fromForewarn) =>
        [...data.values()][0]?.map((series) => ({
          labels: series.labels,
          samples: series.samples.filter(([ts]) => ts > at - 300_000),
        }));
      expect(inside(fromPrometheus)).toEqual(inside(fromForewarn));
      expect(inside(fromForewarn)?.[0]?.samples.length).toBeGreaterThanOrEqual(3);
    }, 90_000);
  });
}
