import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: checkout
    interval: 1s
    labels: { service: checkout }
    rules:
      - alert: CheckoutErrors
        expr: errors_ratio > 0.05
        labels: { severity: warning }
        annotations: { summary: 'errors at {{ $value }}' }
      - alert: CheckoutLatency
        expr: latency_seconds > 1
        labels: { severity: critical }
`;

describe('linked context in notifications', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'checkout.yaml': RULES }) });
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('lists the deploys of the service before onset and its other firing alerts, in Slack and email', async () => {
    const ingest = await env.createToken(['ingest', 'read']);
    const T = slotStart(Date.now() - 60_000, 1000);
    const post = (path: string, body: string, type = 'application/json') =>
      fetch(`${env.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingest}`, 'content-type': type },
        body,
      });
    const deploy = {
      service: 'checkout',
      version: 'v1.4.2',
      commit: 'abc1234def5678',
      url: 'https://ci.example.com/runs/42',
      author: 'ana',
      at: new Date(T + 1000 - 12 * 60_000).toISOString(),
    };
    expect((await post('/api/v1/events', JSON.stringify(deploy))).status).toBe(201);
    // Too old (3h before) and another service: not listed.
    await post(
      '/api/v1/events',
      JSON.stringify({
        service: 'checkout',
        version: 'v1.4.0',
        at: new Date(T - 3 * 3_600_000).toISOString(),
      }),
    );
    await post(
      '/api/v1/events',
      JSON.stringify({ service: 'search', version: 'v9', at: new Date(T - 60_000).toISOString() }),
    );
    const bad = await post('/api/v1/events', JSON.stringify({ service: 'checkout', url: 'ftp://x' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ where: 'url' }] });

    expect((await post('/api/v1/write', `latency_seconds 2 ${T}`, 'text/plain')).status).toBe(200);
    await env.get(EvaluationService).evaluateGroup('checkout', T);
    expect(
      (
        await post(
          '/api/v1/write',
          `errors_ratio 0.2 ${T + 1000}\nlatency_seconds 2 ${T + 1000}`,
          'text/plain',
        )
      ).status,
    ).toBe(200);
    await env.get(EvaluationService).evaluateGroup('checkout', T + 1000);

    const message = await env.slack.waitFor(
      (call) => call.method === 'chat.postMessage' && call.text.includes('CheckoutErrors'),
      15_000,
    );
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain(
      '*Recent changes*\\n• v1.4.2 (abc1234def56) by ana, 12m before onset <https://ci.example.com/runs/42|details>',
    );
    expect(blocks).not.toContain('v1.4.0');
    expect(blocks).not.toContain('v9');
    expect(blocks).toMatch(
      /\*Also firing for this service\*\\n• CheckoutLatency \(critical\) <http:[^|]+\/alerts\/[0-9a-f-]{36}\|open>/,
    );

    const mail = await env.smtp.waitFor((sent) => (sent.subject ?? '').includes('CheckoutErrors'), 15_000);
    expect(mail.text).toMatch(/Recent changes: +v1\.4\.2 \(abc1234def56\) by ana, 12m before onset/);
    expect(mail.text).toMatch(/Also firing: +CheckoutLatency \(critical\)/);

    const listed = await fetch(`${env.url}/api/v1/events?service=checkout&since=6h`, {
      headers: { authorization: `Bearer ${ingest}` },
    });
    expect(((await listed.json()) as { data: { events: unknown[] } }).data.events).toHaveLength(2);
  });
});
