import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: flappy
    interval: 15s
    rules:
      - alert: Flappy
        expr: max by (service) (last_over_time(queue_depth[15s])) > 10
        flap_threshold: 1
`;

/** A rule whose alert fires and resolves more than `flap_threshold` times an hour is marked flapping in its status. */
describe('flap detection', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'flappy.yaml': RULES }) });
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('marks the rule flapping after the second firing within the hour, in GET /api/v1/rules', async () => {
    const ingest = await env.createToken(['ingest']);
    const read = await env.createToken(['read']);
    const T = slotStart(Date.now() - 10 * 60_000, 15_000);
    // breach, quiet, breach, quiet: two firings and two resolutions
    const values = [50, 1, 50, 1];
    const body = values
      .map((value, i) => `queue_depth{service="mailer"} ${value} ${T + i * 15_000 - 1000}`)
      .join('\n');
    expect(
      (
        await fetch(`${env.url}/api/v1/write`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ingest}` },
          body,
        })
      ).status,
    ).toBe(200);

    const flapping: boolean[] = [];
    for (let i = 0; i < values.length; i++) {
      await env.get(EvaluationService).evaluateGroup('flappy', T + i * 15_000);
      const response = await fetch(`${env.url}/api/v1/rules`, {
        headers: { authorization: `Bearer ${read}` },
      });
      const rules = (await response.json()) as {
        data: { groups: Array<{ rules: Array<{ flapping: boolean; firingsLastHour: number }> }> };
      };
      const rule = rules.data.groups[0]?.rules[0];
      flapping.push(rule?.flapping ?? false);
      if (i === values.length - 1) {
        expect(rule?.firingsLastHour).toBe(2);
      }
    }
    expect(flapping).toEqual([false, false, true, true]);
  });
});
