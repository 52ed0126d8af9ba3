import { formatRuleProblem, loadRoutingConfig } from './load-routing-config';

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A complete `routing.yaml`: Alertmanager syntax plus forewarn's receiver keys. */
const ROUTING_EXAMPLE = yaml(
  'route:',
  '  receiver: default',
  '  group_by: [alertname, service]',
  '  routes:',
  '    - matchers: [\'service="checkout"\', \'severity=~"critical|warning"\']',
  '      receiver: checkout-pager',
  '      group_wait: 10s',
  '      continue: true',
  '    - match:',
  '        team: db',
  '      match_re:',
  '        env: prod|staging',
  '      receiver: db',
  "      group_by: ['...']",
  '      mute_time_intervals: [out-of-hours]',
  '      routes:',
  '        - matchers: [\'{severity="info"}\']',
  '          receiver: db-email',
  '          repeat_interval: 12h',
  'receivers:',
  '  - name: default',
  '    webhook_configs:',
  '      - url: https://hooks.example.com/alerts',
  '  - name: checkout-pager',
  '    slack_configs:',
  '      - channel: "#checkout"',
  '        token_env: SLACK_BOT_TOKEN',
  '        send_resolved: true',
  '  - name: db',
  '    slack_configs:',
  '      - channel: "#db"',
  '  - name: db-email',
  '    email_configs:',
  '      - to: db@example.com',
  '        auth_password_env: SMTP_PASSWORD',
  'inhibit_rules:',
  '  - source_matchers: [severity="critical"]',
  '    target_match:',
  '      severity: warning',
  '    equal: [service, alertname]',
  'time_intervals:',
  '  - name: out-of-hours',
  '    time_intervals:',
  '      - weekdays: [saturday, sunday]',
  '      - times:',
  "          - start_time: '00:00'",
  "            end_time: '08:00'",
  '        weekdays: [monday:friday]',
  '        days_of_month: [1, "-3:-1"]',
  '        months: [january:march, 12]',
  '        years: ["2024:2030"]',
  '        location: Europe/Berlin',
);

function problemLines(text: string): string[] {
  return loadRoutingConfig('routing.yaml', text).problems.map(formatRuleProblem);
}

/** A minimal valid file with `extra` lines appended at the top level. */
function minimal(...extra: string[]): string {
  return yaml('route:', '  receiver: default', 'receivers:', '  - name: default', ...extra);
}

describe('loadRoutingConfig', () => {
  it('loads the example with defaults and inheritance applied', () => {
    const loaded = loadRoutingConfig('routing.yaml', ROUTING_EXAMPLE);
    expect(loaded.problems).toEqual([]);
    const config = loaded.config!;
    const root = config.route;
    expect(root).toMatchObject({
      receiver: 'default',
      groupBy: ['alertname', 'service'],
      groupByAll: false,
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
      matchers: [],
      continue: false,
    });
    const [checkout, db] = root.routes;
    expect(checkout).toMatchObject({
      receiver: 'checkout-pager',
      groupWaitMs: 10_000,
      groupBy: ['alertname', 'service'],
      continue: true,
      matchers: [
        { name: 'service', op: '=', value: 'checkout' },
        { name: 'severity', op: '=~', value: 'critical|warning' },
      ],
    });
    expect(db).toMatchObject({
      receiver: 'db',
      groupByAll: true,
      groupBy: [],
      muteTimeIntervals: ['out-of-hours'],
      matchers: [
        { name: 'env', op: '=~', value: 'prod|staging' },
        { name: 'team', op: '=', value: 'db' },
      ],
    });
    expect(db!.routes[0]).toMatchObject({
      receiver: 'db-email',
      groupByAll: true,
      repeatIntervalMs: 43_200_000,
      groupWaitMs: 30_000,
      muteTimeIntervals: [],
    });
    expect(config.receivers.map((receiver) => receiver.name)).toEqual([
      'default',
      'checkout-pager',
      'db',
      'db-email',
    ]);
    expect(config.receivers[0]!.webhook[0]).toMatchObject({
      url: 'https://hooks.example.com/alerts',
      send_resolved: true,
      max_alerts: 0,
    });
    expect(config.receivers[1]!.slack[0]).toMatchObject({
      channel: '#checkout',
      token_env: 'SLACK_BOT_TOKEN',
      send_resolved: true,
    });
    expect(config.receivers[2]!.slack[0]).toMatchObject({
      token_env: 'SLACK_BOT_TOKEN',
      send_resolved: false,
    });
    expect(config.inhibitRules).toEqual([
      {
        sourceMatchers: [{ name: 'severity', op: '=', value: 'critical' }],
        targetMatchers: [{ name: 'severity', op: '=', value: 'warning' }],
        equal: ['service', 'alertname'],
      },
    ]);
    expect(config.timeIntervals.get('out-of-hours')).toEqual([
      {
        weekdays: [
          { begin: 6, end: 6 },
          { begin: 0, end: 0 },
        ],
      },
      {
        times: [{ startMinute: 0, endMinute: 480 }],
        weekdays: [{ begin: 1, end: 5 }],
        daysOfMonth: [
          { begin: 1, end: 1 },
          { begin: -3, end: -1 },
        ],
        months: [
          { begin: 1, end: 3 },
          { begin: 12, end: 12 },
        ],
        years: [{ begin: 2024, end: 2030 }],
        location: 'Europe/Berlin',
      },
    ]);
  });

  it('defaults group_by to service and alertname', () => {
    const config = loadRoutingConfig('routing.yaml', minimal()).config!;
    expect(config.route.groupBy).toEqual(['service', 'alertname']);
  });

  it.each<[string, string, string[]]>([
    [
      'unknown receiver with a suggestion',
      yaml('route:', '  receiver: defualt', 'receivers:', '  - name: default'),
      ['routing.yaml:2:13: error: undefined receiver "defualt" used in route (did you mean "default"?)'],
    ],
    [
      'unknown receiver in a child route',
      minimal().replace('receivers:', '  routes:\n    - receiver: nobody\nreceivers:'),
      ['routing.yaml:4:17: error: undefined receiver "nobody" used in route'],
    ],
    [
      'unknown time interval',
      minimal().replace('receivers:', '  routes:\n    - mute_time_intervals: [weekend]\nreceivers:'),
      ['routing.yaml:4:29: error: undefined time interval "weekend" used in route'],
    ],
    [
      'duplicate receiver names',
      minimal('  - name: default'),
      ['routing.yaml:5:11: error: duplicate receiver name "default" (first defined at line 4:11)'],
    ],
    [
      'bad regex in match_re',
      minimal().replace('receivers:', '  routes:\n    - match_re: {a: "x("}\nreceivers:'),
      [
        'routing.yaml:4:21: error: match_re.a: invalid regular expression "x(": Invalid regular expression: /x(/: Unterminated group',
      ],
    ],
    [
      'bad regex in a matchers entry, pointing into the string',
      minimal().replace('receivers:', '  routes:\n    - matchers: [\'a=~"x("\']\nreceivers:'),
      [
        'routing.yaml:4:22: error: matchers[0]: invalid regular expression "x(": Invalid regular expression: /x(/: Unterminated group',
      ],
    ],
    [
      'unknown keys with did-you-mean',
      minimal().replace('receivers:', '  gruop_by: [a]\n  routes:\n    - recevier: default\nreceivers:'),
      [
        'routing.yaml:3:3: error: unknown key "gruop_by" (did you mean "group_by"?)',
        'routing.yaml:5:7: error: unknown key "recevier" (did you mean "receiver"?)',
      ],
    ],
    [
      'inline Slack webhook URL',
      minimal(
        '    slack_configs:',
        '      - channel: "#x"',
        '        api_url: https://hooks.slack.com/services/T/B/X',
      ),
      [
        'routing.yaml:7:18: error: api_url: secrets are not allowed in routing.yaml; put it in an environment variable and name that with "token_env"',
      ],
    ],
    [
      'inline SMTP password',
      minimal('    email_configs:', '      - to: a@example.com', '        auth_password: hunter2'),
      [
        'routing.yaml:7:24: error: auth_password: secrets are not allowed in routing.yaml; put it in an environment variable and name that with "auth_password_env"',
      ],
    ],
    [
      'webhook URL with a token in the query',
      minimal('    webhook_configs:', '      - url: https://example.com/hook?token=abc'),
      [
        'routing.yaml:6:14: error: url: this URL carries credentials; put the whole URL in an environment variable and name that with "url_env"',
      ],
    ],
    [
      'root route with matchers and no receiver',
      yaml('route:', '  matchers: [a="1"]', 'receivers:', '  - name: default'),
      [
        'routing.yaml:2:3: error: root route must specify a default receiver',
        'routing.yaml:2:13: error: root route must not have any matchers',
      ],
    ],
    [
      'group_by with ... and others, and duplicates',
      minimal().replace(
        'receivers:',
        "  routes:\n    - group_by: ['...', a]\n    - group_by: [a, a]\nreceivers:",
      ),
      [
        "routing.yaml:4:18: error: group_by[0]: cannot have wildcard group_by ('...') and other labels at the same time",
        'routing.yaml:5:21: error: group_by[1]: duplicated label "a" in group_by',
      ],
    ],
    [
      'bad durations',
      minimal().replace('receivers:', '  group_wait: 30 seconds\n  repeat_interval: 0s\nreceivers:'),
      [
        'routing.yaml:3:15: error: route.group_wait: invalid duration "30 seconds": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
        'routing.yaml:4:20: error: route.repeat_interval: must be longer than 0s',
      ],
    ],
    [
      'bad time interval fields',
      minimal(
        'time_intervals:',
        '  - name: bad',
        '    time_intervals:',
        '      - weekdays: [funday]',
        "        times: [{start_time: '10:00', end_time: '09:00'}]",
        '        days_of_month: ["-1:5"]',
        '        location: Mars/Olympus',
      ),
      [
        'routing.yaml:8:20: error: weekdays[0]: funday is not a valid weekday',
        'routing.yaml:9:17: error: times[0]: start time cannot be equal or greater than end time',
        'routing.yaml:10:25: error: days_of_month[0]: end day must be negative if start day is negative',
        'routing.yaml:11:19: error: location: unknown time zone "Mars/Olympus"; use an IANA name such as "Europe/Berlin" or "UTC"',
      ],
    ],
    [
      'missing route and receivers',
      yaml('inhibit_rules: []'),
      [
        'routing.yaml:1:1: error: missing required key "route"',
        'routing.yaml:1:1: error: missing required key "receivers"',
      ],
    ],
    [
      'webhook without url, and one with both url and url_env',
      minimal(
        '    webhook_configs:',
        '      - send_resolved: false',
        '      - url: https://example.com/hook',
        '        url_env: HOOK_URL',
      ),
      [
        'routing.yaml:6:9: error: missing "url" (or "url_env" naming an environment variable that holds it)',
        'routing.yaml:8:18: error: set either "url" or "url_env", not both',
      ],
    ],
    [
      'webhook http_config',
      minimal('    webhook_configs:', '      - url_env: HOOK_URL', '        http_config: {bearer_token: x}'),
      [
        'routing.yaml:7:22: error: http_config: http_config is not supported, since it holds credentials inline; name the environment variable holding the token with "bearer_token_env"',
      ],
    ],
    [
      // No channel is fine (SLACK_CHANNEL); a token where its variable's name belongs is not.
      'slack with a token in token_env',
      minimal('    slack_configs:', '      - token_env: xoxb-123'),
      [
        'routing.yaml:6:20: error: token_env: "xoxb-123" is not an environment variable name; use letters, digits and underscores, e.g. SLACK_BOT_TOKEN',
      ],
    ],
    [
      'invalid label name in match',
      minimal().replace('receivers:', '  routes:\n    - match: {bad-name: x}\nreceivers:'),
      ['routing.yaml:4:15: error: match: "bad-name" is not a valid label name'],
    ],
    ['empty file', '', ['routing.yaml:1:1: error: file is empty; expected "route:" and "receivers:"']],
  ])('%s', (_name, text, expected) => {
    expect(problemLines(text)).toEqual(expected);
    expect(loadRoutingConfig('routing.yaml', text).config).toBeUndefined();
  });

  it.each<[string, string, string[]]>([
    [
      'unsupported Alertmanager integrations and global',
      yaml(
        'global:',
        '  resolve_timeout: 5m',
        'route:',
        '  receiver: default',
        'receivers:',
        '  - name: default',
        '    pagerduty_configs: [{routing_key_file: /x}]',
      ),
      [
        'routing.yaml:1:1: warning: "global" is ignored; forewarn takes SMTP and Slack settings from its environment',
        'routing.yaml:7:5: warning: "pagerduty_configs" is ignored; forewarn delivers slack_configs, email_configs and webhook_configs only',
      ],
    ],
    [
      'deprecated mute_time_intervals and ignored Slack keys',
      minimal(
        '    slack_configs: [{channel: "#x", mrkdwn_in: [text]}]',
        'mute_time_intervals:',
        '  - name: weekend',
        '    time_intervals: [{weekdays: [saturday, sunday]}]',
      ),
      [
        'routing.yaml:5:37: warning: "mrkdwn_in" is ignored by forewarn',
        'routing.yaml:6:1: warning: "mute_time_intervals" is deprecated; use "time_intervals"',
      ],
    ],
  ])('warns: %s', (_name, text, expected) => {
    const loaded = loadRoutingConfig('routing.yaml', text);
    expect(loaded.problems.map(formatRuleProblem)).toEqual(expected);
    expect(loaded.config).toBeDefined();
  });
});
