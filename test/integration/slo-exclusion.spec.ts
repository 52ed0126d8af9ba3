import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { RuleRegistry } from 'src/modules/rules/rule-registry.service';
import { SloDataReader } from 'src/modules/slo/slo-data.reader';
import { TestEnvironment, writeRules } from '../support/test-app';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** An SLO whose maintenance window covers an error burst, and an SLO with an exclude name that does not exist. */
function rules(exclude: string) {
  return `groups:
  - name: slos
    interval: 1m
    rules:
      - slo: api
        kind: slo
        objective: 99
        window: 1d
        sli:
          type: events
          bad: requests_total{code="500"}
          total: requests_total
        burn_rates:
          - { severity: critical, burn_rate: 10, long_window: 1h, short_window: 5m }
        exclude: [${exclude}]
`;
}

describe('SLO maintenance windows (exclude)', () => {
  const env = new TestEnvironment();
  // Three hours of traffic ending at T; 50% errors from 2h to 1h30m before T, inside the maintenance window. The
  // window must not cross midnight UTC (times of day cannot), so T moves back when it would.
  let T = slotStart(Date.now() - 5 * MINUTE, MINUTE);
  if (new Date(T - 2 * HOUR - MINUTE).getUTCDate() !== new Date(T).getUTCDate()) {
    T -= 3 * HOUR;
  }
  const burstStart = T - 2 * HOUR;
  const burstEnd = T - 90 * MINUTE;

  beforeAll(async () => {
    await env.setUp();
    const dir = await mkdtemp(join(tmpdir(), 'forewarn-routing-'));
    const routingFile = join(dir, 'routing.yaml');
    await writeFile(
      routingFile,
      `route: { receiver: default }
receivers: [{ name: default }]
time_intervals:
  - name: db-maintenance
    time_intervals:
      - times: [{ start_time: '${hhmm(burstStart)}', end_time: '${hhmm(burstEnd)}' }]
`,
    );
    await env.start(['api', 'worker'], {
      RULES_DIR: await writeRules({
        'slos.yaml': rules('db-maintenance'),
        'other.yaml': rules('nope').replace('name: slos', 'name: other').replace('slo: api', 'slo: api2'),
      }),
      ROUTING_FILE: routingFile,
    });
    const token = await env.createToken();
    const lines: string[] = [];
    let ok = 0;
    let errors = 0;
    for (let ts = T - 3 * HOUR; ts <= T; ts += 15_000) {
      const failing = ts > burstStart && ts <= burstEnd;
      ok += failing ? 75 : 150;
      errors += failing ? 75 : 0;
      lines.push(`requests_total{code="200"} ${ok} ${ts}`, `requests_total{code="500"} ${errors} ${ts}`);
    }
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: lines.join('\n'),
    });
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('leave the excluded interval out of the budget: its errors neither spend nor earn', async () => {
    const rule = env.get(RuleRegistry).group('slos')?.rules[0];
    if (rule?.kind !== 'slo') {
      throw new Error('no SLO');
    }
    const data = await env.get(SloDataReader).read(rule, T);
    const budget = data.budgetCounts;
    expect(budget !== undefined && 'bad' in budget ? budget.bad : NaN).toBe(0);
    // 2h30m of traffic outside the window at 10/s; each of the two pieces extrapolated as Prometheus would.
    expect(budget?.total).toBeGreaterThan(2.5 * 3600 * 10 * 0.99);
    expect(budget?.total).toBeLessThan(2.5 * 3600 * 10 * 1.01);
  });

  it('report an exclude name missing from routing.yaml as the rule error', async () => {
    await env.get(EvaluationService).evaluateGroup('other', T);
    const status = await env.get(PrismaService).ruleStatus.findFirst({ where: { ruleName: 'api2' } });
    expect(status).toMatchObject({
      health: 'err',
      lastError: expect.stringMatching(/exclude: no time interval named "nope" in .*routing\.yaml/),
    });
  });
});
