import { loadRoutingConfig } from '../routing/load-routing-config';
import { IntegrationEnvironment, resolveIntegrations } from './integrations';

function receiver(yaml: string) {
  const loaded = loadRoutingConfig(
    'routing.yaml',
    `route: { receiver: r }\nreceivers:\n  - name: r\n${yaml}`,
  );
  const found = loaded.config?.receivers[0];
  if (found === undefined) {
    throw new Error(loaded.problems.map((p) => p.message).join('; '));
  }
  return found;
}

const env = (set: string[], extra: Partial<IntegrationEnvironment> = {}): IntegrationEnvironment => ({
  emailTo: [],
  smtp: false,
  has: (name) => set.includes(name),
  ...extra,
});

describe('resolveIntegrations', () => {
  it('takes the channel and addresses from the file, or from SLACK_CHANNEL and EMAIL_TO', () => {
    const resolved = resolveIntegrations(
      receiver(
        [
          '    slack_configs: [{ channel: "#db", send_resolved: true }, {}]',
          '    email_configs: [{ to: "a@x.io, b@x.io" }, {}]',
        ].join('\n'),
      ),
      env(['SLACK_BOT_TOKEN'], { slackChannel: '#alerts', emailTo: ['oncall@x.io'], smtp: true }),
    );
    expect(resolved.integrations.map((i) => [i.key, i.sendResolved])).toEqual([
      ['slack:#db', true],
      ['slack:#alerts', false],
      ['email:a@x.io,b@x.io', false],
      ['email:oncall@x.io', false],
    ]);
    expect(resolved.problems).toEqual([]);
  });

  it('skips what the environment does not configure, naming the missing setting', () => {
    const resolved = resolveIntegrations(
      receiver(
        [
          '    slack_configs: [{ token_env: TEAM_TOKEN }, {channel: "#x"}]',
          '    email_configs: [{ to: a@x.io }]',
          '    webhook_configs: [{ url_env: HOOK_URL }, { url: "https://hooks.example.com/a?x=1" }]',
        ].join('\n'),
      ),
      env(['SLACK_BOT_TOKEN']),
    );
    expect(resolved.problems).toEqual([
      'receiver "r": slack_configs[0] is skipped: no "channel" and SLACK_CHANNEL is not set',
      'receiver "r": email_configs[0] is skipped: SMTP_HOST is not set',
      'receiver "r": webhook_configs[0] is skipped: HOOK_URL is not set',
    ]);
    expect(resolved.integrations.map((i) => i.key)).toEqual([
      'slack:#x',
      'webhook:https://hooks.example.com/a',
    ]);
  });
});
