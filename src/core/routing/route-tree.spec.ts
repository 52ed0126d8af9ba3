import { loadRoutingConfig } from './load-routing-config';
import {
  Route,
  formatRouteTest,
  groupLabels,
  isRouteMuted,
  matchRoutes,
  parseRouteTestLabels,
  walkRoutes,
} from './route-tree';

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function tree(routeLines: string[], receivers: string[]): Route {
  const text = yaml(
    'route:',
    ...routeLines.map((line) => `  ${line}`),
    'receivers:',
    ...receivers.map((name) => `  - name: ${name}`),
  );
  const loaded = loadRoutingConfig('routing.yaml', text);
  if (loaded.config === undefined) {
    throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
  }
  return loaded.config.route;
}

// The tree of Alertmanager's dispatch/route_test.go (TestRouteMatch), with `group_by: []` at the root because
// forewarn's default differs (service, alertname).
const AM_TREE = tree(
  [
    'receiver: notify-def',
    'group_by: []',
    'routes:',
    '- match:',
    '    owner: team-A',
    '  receiver: notify-A',
    '  routes:',
    '  - match:',
    '      env: testing',
    '    receiver: notify-testing',
    "    group_by: ['...']",
    '  - match:',
    '      env: production',
    '    receiver: notify-productionA',
    '    group_wait: 1m',
    '    continue: true',
    '  - match_re:',
    '      env: produ.*',
    '      job: .*',
    '    receiver: notify-productionB',
    '    group_wait: 30s',
    '    group_interval: 5m',
    '    repeat_interval: 1h',
    '    group_by: [job]',
    '- match_re:',
    '    owner: team-(B|C)',
    '  group_by: [foo, bar]',
    '  group_wait: 2m',
    '  receiver: notify-BC',
    '- match:',
    '    group_by: role',
    '  group_by: [role]',
    '  routes:',
    '  - match:',
    '      env: testing',
    '    receiver: notify-testing',
    '    routes:',
    '    - match:',
    '        wait: long',
    '      group_wait: 2m',
  ],
  ['notify-def', 'notify-A', 'notify-testing', 'notify-productionA', 'notify-productionB', 'notify-BC'],
);

interface Expected {
  readonly receiver: string;
  readonly groupBy?: string[];
  readonly groupByAll?: boolean;
  readonly groupWaitMs?: number;
  readonly repeatIntervalMs?: number;
}

describe('matchRoutes', () => {
  it.each<[Record<string, string>, Expected[]]>([
    [{ owner: 'team-A' }, [{ receiver: 'notify-A', groupBy: [], groupWaitMs: 30_000 }]],
    [{ owner: 'team-A', env: 'unset' }, [{ receiver: 'notify-A' }]],
    [{ owner: 'team-C' }, [{ receiver: 'notify-BC', groupBy: ['bar', 'foo'], groupWaitMs: 120_000 }]],
    [{ owner: 'team-A', env: 'testing' }, [{ receiver: 'notify-testing', groupBy: [], groupByAll: true }]],
    [
      { owner: 'team-A', env: 'production' },
      [
        { receiver: 'notify-productionA', groupWaitMs: 60_000 },
        {
          receiver: 'notify-productionB',
          groupBy: ['job'],
          groupWaitMs: 30_000,
          repeatIntervalMs: 3_600_000,
        },
      ],
    ],
    [{ group_by: 'role' }, [{ receiver: 'notify-def', groupBy: ['role'] }]],
    [{ env: 'testing', group_by: 'role' }, [{ receiver: 'notify-testing', groupBy: ['role'] }]],
    [
      { env: 'testing', group_by: 'role', wait: 'long' },
      [{ receiver: 'notify-testing', groupBy: ['role'], groupWaitMs: 120_000 }],
    ],
    [{ owner: 'nobody' }, [{ receiver: 'notify-def', groupBy: [] }]],
    // Anchored regex: `team-(B|C)` does not match `team-Bx`.
    [{ owner: 'team-Bx' }, [{ receiver: 'notify-def' }]],
    // An empty label equals a missing one: `job=~".*"` still matches for production.
    [
      { owner: 'team-A', env: 'production', job: '' },
      [{ receiver: 'notify-productionA' }, { receiver: 'notify-productionB' }],
    ],
  ])('%j', (labels, expected) => {
    const matched = matchRoutes(AM_TREE, labels);
    expect(matched).toHaveLength(expected.length);
    expected.forEach((want, index) => expect(matched[index]).toMatchObject(want));
  });

  const CONTINUE = tree(
    [
      'receiver: root',
      'routes:',
      '- matchers: [team="a"]',
      '  receiver: first',
      '  continue: true',
      '- matchers: [team="a"]',
      '  receiver: second',
      '- matchers: [team=~".+"]',
      '  receiver: third',
      '- matchers: [severity="critical"]',
      '  receiver: fourth',
      '  routes:',
      '  - matchers: [team="b"]',
      '    receiver: fifth',
    ],
    ['root', 'first', 'second', 'third', 'fourth', 'fifth'],
  );

  it.each<[Record<string, string>, string]>([
    [{ team: 'a' }, 'first,second'],
    [{ team: 'c' }, 'third'],
    [{ team: 'b', severity: 'critical' }, 'third'],
    [{ severity: 'critical' }, 'fourth'],
    [{ severity: 'critical', team: '' }, 'fourth'],
    [{}, 'root'],
  ])('continue: %j routes to %s', (labels, receivers) => {
    expect(formatRouteTest(CONTINUE, labels)).toBe(receivers);
  });

  it('a matching route without continue stops its later siblings', () => {
    expect(formatRouteTest(CONTINUE, { severity: 'critical', team: 'z' })).toBe('third');
  });

  it('gives every route a distinct id', () => {
    const ids = walkRoutes(CONTINUE).map((route) => route.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('{}');
    expect(ids[1]).toBe('{}/{team="a"}/0');
  });
});

describe('inheritance', () => {
  const inherited = tree(
    [
      'receiver: root',
      'group_by: [cluster]',
      'group_wait: 1m',
      'group_interval: 10m',
      'repeat_interval: 2h',
      'routes:',
      '- matchers: [team="a"]',
      '  receiver: a',
      '  routes:',
      '  - matchers: [severity="critical"]',
      '    group_interval: 1m',
      '- matchers: [team="b"]',
      '  group_by: []',
      '  routes:',
      '  - matchers: [severity="critical"]',
    ],
    ['root', 'a'],
  );

  it.each<[Record<string, string>, Partial<Route>]>([
    [
      { team: 'a', severity: 'critical' },
      {
        receiver: 'a',
        groupBy: ['cluster'],
        groupWaitMs: 60_000,
        groupIntervalMs: 60_000,
        repeatIntervalMs: 7_200_000,
      },
    ],
    [{ team: 'a' }, { receiver: 'a', groupWaitMs: 60_000, groupIntervalMs: 600_000 }],
    [{ team: 'b' }, { receiver: 'root', groupBy: [] }],
    [
      { team: 'b', severity: 'critical' },
      { receiver: 'root', groupBy: [], repeatIntervalMs: 7_200_000 },
    ],
  ])('%j', (labels, expected) => {
    const [route, ...rest] = matchRoutes(inherited, labels);
    expect(rest).toEqual([]);
    expect(route).toMatchObject(expected);
  });
});

describe('groupLabels', () => {
  it.each<[string[], Record<string, string>, Record<string, string>]>([
    [['service', 'alertname'], { alertname: 'A', service: 's', pod: 'p' }, { alertname: 'A', service: 's' }],
    [['service', 'alertname'], { alertname: 'A' }, { alertname: 'A' }],
    [['service'], { service: '' }, {}],
    [['...'], { b: '2', a: '1', empty: '' }, { a: '1', b: '2' }],
  ])('group_by %j of %j', (groupBy, labels, expected) => {
    const route = tree([`group_by: ${JSON.stringify(groupBy)}`, 'receiver: r'], ['r']);
    expect(groupLabels(route, labels)).toEqual(expected);
  });
});

describe('parseRouteTestLabels', () => {
  it('parses label=value arguments', () => {
    expect(parseRouteTestLabels(['service=checkout', 'severity="critical"'])).toEqual({
      ok: true,
      labels: { service: 'checkout', severity: 'critical' },
    });
  });

  it.each([['severity=~crit'], ['no-equals']])('rejects %s', (arg) => {
    expect(parseRouteTestLabels([arg]).ok).toBe(false);
  });
});

describe('isRouteMuted', () => {
  const weekend = [{ weekdays: [{ begin: 0, end: 0 }] }, { weekdays: [{ begin: 6, end: 6 }] }];
  const intervals = new Map([['weekend', weekend]]);
  const saturday = Date.UTC(2026, 0, 3, 12);
  const monday = Date.UTC(2026, 0, 5, 12);
  const base = tree(['receiver: r'], ['r']);

  it.each<[string, string[], string[], number, boolean]>([
    ['no intervals', [], [], saturday, false],
    ['inside a mute interval', ['weekend'], [], saturday, true],
    ['outside a mute interval', ['weekend'], [], monday, false],
    ['inside an active interval', [], ['weekend'], saturday, false],
    ['outside every active interval', [], ['weekend'], monday, true],
    ['unknown interval name', ['holidays'], [], saturday, false],
  ])('%s', (_name, mute, active, now, expected) => {
    const route = { ...base, muteTimeIntervals: mute, activeTimeIntervals: active };
    expect(isRouteMuted(route, intervals, now)).toBe(expected);
  });
});
