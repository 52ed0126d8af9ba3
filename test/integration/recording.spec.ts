import { parsePromql } from 'src/core/promql/parse-promql';
import { selectorsOf } from 'src/core/promql/selectors-of';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: latency
    interval: 15s
    labels: { team: payments }
    rules:
      - record: service:latency_seconds:max
        expr: max by (service) (latency_seconds)
      - alert: RecordedLatencyHigh
        expr: service:latency_seconds:max > 0.5
`;

describe('recording rules', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'latency.yaml': RULES }) });
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('store their result at the slot time, and later rules of the group read it in the same evaluation', async () => {
    const token = await env.createToken();
    const T = slotStart(Date.now() - 60_000, 15_000);
    const body = [
      `latency_seconds{service="checkout",instance="a"} 0.9 ${T - 5000}`,
      `latency_seconds{service="checkout",instance="b"} 0.2 ${T - 5000}`,
      `latency_seconds{service="search",instance="a"} 0.1 ${T - 5000}`,
    ].join('\n');
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    expect(pushed.status).toBe(200);

    expect(await env.get(EvaluationService).evaluateGroup('latency', T)).toBe('evaluated');

    const data = await env.get(MetricReader).read(selectorsOf(parsePromql('service:latency_seconds:max')), T);
    const recorded = [...([...data.values()][0] ?? [])].sort((a, b) =>
      (a.labels.service ?? '').localeCompare(b.labels.service ?? ''),
    );
    expect(recorded).toEqual([
      {
        labels: { __name__: 'service:latency_seconds:max', service: 'checkout', team: 'payments' },
        samples: [[T, 0.9]],
      },
      {
        labels: { __name__: 'service:latency_seconds:max', service: 'search', team: 'payments' },
        samples: [[T, 0.1]],
      },
    ]);
    const alerts = await env
      .get(PrismaService)
      .alert.findMany({ where: { ruleName: 'RecordedLatencyHigh' } });
    expect(alerts.map((alert) => [alert.state, (alert.labels as Record<string, string>).service])).toEqual([
      ['firing', 'checkout'],
    ]);
    const statuses = await env.get(PrismaService).ruleStatus.findMany({ orderBy: { ruleName: 'asc' } });
    expect(statuses.map((status) => [status.ruleName, status.health])).toEqual([
      ['RecordedLatencyHigh', 'ok'],
      ['service:latency_seconds:max', 'ok'],
    ]);
  });
});
