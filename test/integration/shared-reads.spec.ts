import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

// Three levels of one expression (read once for the group) and a rule over another series.
const RULES = `groups:
  - name: levels
    interval: 1s
    rules:
      - alert: QueueLong
        expr: max by (queue) (queue_depth) > 10
      - alert: QueueVeryLong
        expr: max by (queue) (queue_depth) > 100
      - alert: QueueHuge
        expr: max by (queue) (queue_depth) > 1000
        resolve_when: max by (queue) (queue_depth) < 500
      - alert: WorkersLow
        expr: min by (queue) (queue_workers) < 2
`;
const S = 1000;

/** Rules of a group that differ only in their threshold share one read and still each get their own answer. */
describe('threshold rules sharing an expression', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'levels.yaml': RULES }) });
    token = await env.createToken();
  });

  afterAll(async () => {
    await env.tearDown();
  });

  async function push(lines: string[]): Promise<void> {
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: lines.join('\n'),
    });
    expect(response.status).toBe(200);
  }

  const firing = async () =>
    (await env.get(PrismaService).alert.findMany({ where: { groupName: 'levels', state: 'firing' } }))
      .map((alert) => `${alert.ruleName} ${alert.value}`)
      .sort();

  it('each level fires on its own threshold', async () => {
    const T = slotStart(Date.now() - 5 * 60_000, S);
    await push([
      `queue_depth{queue="a"} 150 ${T}`,
      `queue_depth{queue="b"} 5 ${T}`,
      `queue_workers{queue="a"} 1 ${T}`,
    ]);
    expect(await env.get(EvaluationService).evaluateGroup('levels', T + S)).toBe('evaluated');
    expect(await firing()).toEqual(['QueueLong 150', 'QueueVeryLong 150', 'WorkersLow 1']);

    await push([`queue_depth{queue="a"} 1200 ${T + 2 * S}`, `queue_workers{queue="a"} 3 ${T + 2 * S}`]);
    expect(await env.get(EvaluationService).evaluateGroup('levels', T + 3 * S)).toBe('evaluated');
    expect(await firing()).toEqual(['QueueHuge 1200', 'QueueLong 1200', 'QueueVeryLong 1200']);
  });
});
