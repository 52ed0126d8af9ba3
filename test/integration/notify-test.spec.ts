import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { runNotifyTestCommand } from 'src/cli/notify-test.command';
import { parseConfig } from 'src/config/app-config';
import { SLACK_CHANNEL, TestEnvironment } from '../support/test-app';

describe('forewarn notify test', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api']);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const run = async (args: string[], config = env.config) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runNotifyTestCommand(
      args,
      config,
      (line) => out.push(line),
      (line) => err.push(line),
    );
    return { code, out, err };
  };

  it('sends a test message to Slack and email and says so', async () => {
    const slack = await run(['slack']);
    expect(slack).toMatchObject({
      code: 0,
      out: [expect.stringMatching(new RegExp(`^sent to Slack ${SLACK_CHANNEL}`))],
    });
    const posted = await env.slack.waitFor((call) => call.method === 'chat.postMessage', 5000);
    expect(posted.text).toContain('ForewarnTestNotification');

    expect((await run(['email'])).code).toBe(0);
    const mail = await env.smtp.waitFor(
      (sent) => (sent.subject ?? '').includes('ForewarnTestNotification'),
      5000,
    );
    expect(mail.text).toContain('Nothing is wrong; no action is needed.');
  });

  it('exits 2 for a receiver that is not configured, 1 when delivery fails', async () => {
    const webhook = await run(['webhook']);
    expect(webhook).toMatchObject({
      code: 2,
      err: ['forewarn notify test: webhook is not configured (set WEBHOOK_URL)'],
    });
    const badToken = parseConfig({
      ...process.env,
      SLACK_BOT_TOKEN: 'xoxb-wrong',
      SLACK_API_URL: env.slack.url,
      SLACK_CHANNEL,
    });
    const refused = await run(['slack'], badToken);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/^forewarn notify test: slack failed: /);
    const unknown = await run(['pager']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual([
      'forewarn notify test: no receiver "pager" in test/fixtures/routing/immediate.yaml (receivers: default)',
    ]);
  });

  it('sends to every integration of a routing.yaml receiver and names what it skipped', async () => {
    const sent = await run(['default']);
    expect(sent.code).toBe(0);
    expect(sent.out).toEqual([
      expect.stringMatching(new RegExp(`^sent to Slack ${SLACK_CHANNEL} \\(message `)),
      'sent to oncall@example.com',
    ]);
    expect(sent.err).toEqual(['receiver "default": webhook_configs[0] is skipped: WEBHOOK_URL is not set']);
  });

  it("posts to a receiver's webhook whose URL is kept in the variable url_env names", async () => {
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=secret`;
      const sent = await run(['default'], { ...env.config, WEBHOOK_URL: url });
      expect(sent.code).toBe(0);
      expect(sent.out[2]).toBe(`sent to the webhook at ${new URL(url).origin}`);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toContain('ForewarnTestNotification');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
