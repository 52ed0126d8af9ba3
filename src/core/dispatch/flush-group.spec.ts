import { DEFAULT_ROUTE_OPTIONS, RouteOptions } from '../routing/route-tree';
import { parseMatcher } from '../routing/label-matchers';
import { LabelMatcher } from '../routing/label-matchers';
import { FlushInput, GroupMember, firstFlushAtMs, planFlush } from './flush-group';
import { highestSeverity, incidentTitle } from './notification-groups';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const MIN = 60_000;
const route: RouteOptions = { ...DEFAULT_ROUTE_OPTIONS, receiver: 'oncall' };

function matchers(text: string): LabelMatcher[] {
  const parsed = parseMatcher(text);
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return [...parsed.matchers];
}

const critical: GroupMember = {
  fingerprint: 'c',
  labels: { alertname: 'Down', service: 'checkout', severity: 'critical' },
  state: 'firing',
};
const warning: GroupMember = {
  fingerprint: 'w',
  labels: { alertname: 'Slow', service: 'checkout', severity: 'warning' },
  state: 'firing',
};

function input(overrides: Partial<FlushInput> = {}): FlushInput {
  return {
    members: [critical, warning],
    route,
    integrations: [
      { key: 'slack:#alerts', sendResolved: true },
      { key: 'email:oncall@example.com', sendResolved: false },
    ],
    log: new Map(),
    mute: { silences: [], inhibitRules: [], firingAlerts: [], timeIntervals: new Map(), nowMs: T0 },
    ...overrides,
  };
}

describe('planFlush', () => {
  it('sends every firing alert of a new group to every integration and flushes again after group_interval', () => {
    const plan = planFlush(input());
    expect(plan.integrations.map((i) => [i.integration.key, i.deliver, i.decision.reason, i.firing])).toEqual(
      [
        ['slack:#alerts', true, 'first notification', ['c', 'w']],
        ['email:oncall@example.com', true, 'first notification', ['c', 'w']],
      ],
    );
    expect(plan).toMatchObject({ closed: false, nextFlushAtMs: T0 + 5 * MIN });
    expect(plan.muted.size).toBe(0);
  });

  it('mutes a warning inhibited by a critical of the same service, and the critical is still sent', () => {
    const plan = planFlush(
      input({
        mute: {
          silences: [],
          inhibitRules: [
            {
              sourceMatchers: matchers('severity="critical"'),
              targetMatchers: matchers('severity="warning"'),
              equal: ['service'],
            },
          ],
          firingAlerts: [critical.labels, warning.labels],
          timeIntervals: new Map(),
          nowMs: T0,
        },
      }),
    );
    expect(plan.muted.get('w')).toEqual({ kind: 'inhibited', by: critical.labels });
    expect(plan.integrations[0]?.firing).toEqual(['c']);
  });

  it('mutes silenced alerts only while the silence is active', () => {
    const silence = {
      id: 's1',
      matchers: matchers('alertname="Slow"'),
      startsAt: T0 - MIN,
      endsAt: T0 + MIN,
      createdBy: 'ana',
      comment: 'known',
    };
    const during = planFlush(input({ mute: { ...input().mute, silences: [silence] } }));
    expect(during.muted.get('w')).toEqual({ kind: 'silenced', silenceIds: ['s1'] });
    const after = planFlush(input({ mute: { ...input().mute, silences: [silence], nowMs: T0 + MIN } }));
    expect(after.muted.size).toBe(0);
  });

  it('mutes the whole group inside a route mute time interval', () => {
    const plan = planFlush(
      input({
        route: { ...route, muteTimeIntervals: ['always'] },
        mute: { ...input().mute, timeIntervals: new Map([['always', [{}]]]) },
      }),
    );
    expect([...plan.muted.values()]).toEqual([
      { kind: 'time-interval', intervals: ['always'] },
      { kind: 'time-interval', intervals: ['always'] },
    ]);
    expect(plan.integrations.every((i) => !i.deliver && i.decision.reason === 'nothing firing yet')).toBe(
      true,
    );
  });

  it('closes the incident when everything resolved; integrations without send_resolved only update the log', () => {
    const log = new Map([
      ['slack:#alerts', { firing: ['c', 'w'], resolved: [], sentAtMs: T0, sends: 1 }],
      ['email:oncall@example.com', { firing: ['c', 'w'], resolved: [], sentAtMs: T0, sends: 1 }],
    ]);
    const plan = planFlush(
      input({
        members: [
          { ...critical, state: 'resolved', resolvedAtMs: T0 + 7 * MIN },
          { ...warning, state: 'resolved', resolvedAtMs: T0 + 6 * MIN },
        ],
        log,
        mute: { ...input().mute, nowMs: T0 + 10 * MIN },
      }),
    );
    expect(plan.integrations.map((i) => [i.deliver, i.decision.reason, i.resolved])).toEqual([
      [true, 'all resolved', ['c', 'w']],
      [false, 'all resolved', []],
    ]);
    expect(plan).toMatchObject({ closed: true, resolvedAtMs: T0 + 7 * MIN });
    expect(plan.nextFlushAtMs).toBeUndefined();
  });
});

describe('firstFlushAtMs', () => {
  it.each`
    alertStart     | now   | expected
    ${T0}          | ${T0} | ${T0 + 30_000}
    ${T0 - 10_000} | ${T0} | ${T0 + 30_000}
    ${T0 - 30_000} | ${T0} | ${T0}
  `('alert started at $alertStart, now $now → $expected', ({ alertStart, now, expected }) => {
    expect(firstFlushAtMs(route, alertStart as number, now as number)).toBe(expected);
  });
});

describe('highestSeverity and incidentTitle', () => {
  it('ranks critical over warning over info and ignores unknown ones', () => {
    expect(highestSeverity(['info', undefined, 'critical', 'warning'])).toBe('critical');
    expect(highestSeverity(['page', 'info'])).toBe('info');
    expect(highestSeverity([undefined])).toBeUndefined();
  });

  it('names an incident by its alert names and the other group labels', () => {
    expect(incidentTitle({ alertname: 'Slow', service: 'checkout' }, ['Slow'])).toBe('Slow checkout');
    expect(incidentTitle({ service: 'checkout' }, ['Slow', 'Down', 'Slow'])).toBe('Slow, Down checkout');
  });
});
