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
});
