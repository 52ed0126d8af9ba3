import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: learned
    interval: 1m
    rules:
      - alert: QueueDepthAnomaly
        kind: anomaly
        series: queue_depth
        detector: robust
        direction: up
        min_history: 2h
      - alert: DiskWillFill
        kind: forecast
        series: disk_used_percent
        method: linear
        lookback: 2h
        threshold: 90
        horizon: 6h
        labels: { severity: warning }
`;

const MINUTE = 60_000;

/** Queue depth around 100 (a repeating ±3 wiggle) and a disk growing 2% an hour from 70%, one sample a minute. */
function history(fromMs: number, toMs: number): string[] {
  const lines: string[] = [];
  for (let ts = fromMs, index = 0; ts <= toMs; ts += MINUTE, index += 1) {
    lines.push(`queue_depth{queue="orders"} ${100 + ((index * 7) % 7) - 3} ${ts}`);
    lines.push(`disk_used_percent{instance="db-1"} ${70 + (2 * (ts - fromMs)) / 3_600_000} ${ts}`);
  }
  return lines;
}

describe('anomaly and forecast rules in the worker', () => {
  const env = new TestEnvironment();
  const T = slotStart(Date.now() - 10 * MINUTE, MINUTE);
  let token: string;

  const push = async (lines: readonly string[]) => {
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: lines.join('\n'),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'learned.yaml': RULES }) });
    token = await env.createToken();
    await push(history(T - 3 * 3_600_000, T));
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('learn from stored history at the first evaluation, keep the state, and fire on a spike after it', async () => {
    const evaluation = env.get(EvaluationService);
    const prisma = env.get(PrismaService);
    expect(await evaluation.evaluateGroup('learned', T)).toBe('evaluated');

    const [state] = await prisma.anomalyDetectorState.findMany({ where: { ruleName: 'QueueDepthAnomaly' } });
    expect(state?.labels).toEqual({ __name__: 'queue_depth', queue: 'orders' });
    expect(state?.lastTs.getTime()).toBe(T);
    expect(await prisma.alert.count({ where: { ruleName: 'QueueDepthAnomaly' } })).toBe(0);

    // The forecast: 76% now, growing 2%/h, reaches 90% in 7h: outside the 6h horizon.
    expect(await prisma.alert.count({ where: { ruleName: 'DiskWillFill' } })).toBe(0);

    // One minute later the queue jumps to 400: the learned state (not a new backfill) judges it.
    await push([
      `queue_depth{queue="orders"} 400 ${T + MINUTE}`,
      `disk_used_percent{instance="db-1"} 90.5 ${T + MINUTE}`,
    ]);
    expect(await evaluation.evaluateGroup('learned', T + MINUTE)).toBe('evaluated');
    const [after] = await prisma.anomalyDetectorState.findMany({ where: { ruleName: 'QueueDepthAnomaly' } });
    expect(after?.lastTs.getTime()).toBe(T + MINUTE);

    const anomaly = await prisma.alert.findMany({ where: { ruleName: 'QueueDepthAnomaly' } });
    expect(
      anomaly.map((alert) => [alert.state, alert.value, (alert.labels as Record<string, string>).queue]),
    ).toEqual([['firing', 400, 'orders']]);
    const annotations = anomaly[0]?.annotations as Record<string, string>;
    expect(Number(annotations.expected)).toBeCloseTo(100, -1);
    expect(Number(annotations.upper)).toBeLessThan(400);
    expect(annotations.summary).toMatch(/400 above expected/);

    // Past the threshold already: the forecast rule fires with the value and says so.
    const disk = await prisma.alert.findMany({ where: { ruleName: 'DiskWillFill' } });
    expect(disk.map((alert) => [alert.state, alert.value])).toEqual([['firing', 90.5]]);
    expect((disk[0]?.annotations as Record<string, string>).summary).toMatch(/already past 90/);

    // What its incident's notifications render for it.
    const notified = await prisma.incidentAlert.findMany({ where: { alertId: anomaly[0]?.id } });
    expect(notified[0]?.notification).toMatchObject({
      expr: 'queue_depth',
      band: { expected: expect.any(Number) },
    });
  });
});
