import { fingerprint } from '../labels/labels';
import { VectorElement } from '../model';
import { AlertState } from './alert-state';
import {
  AlertRuleInput,
  AlertRuleSpec,
  NO_DATA_LABEL,
  alertLabels,
  evaluateAlertRule,
} from './evaluate-alert-rule';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const S = 1_000;
const M = 60 * S;

const rule = (overrides: Partial<AlertRuleSpec> = {}): AlertRuleSpec => ({
  name: 'LatencyHigh',
  forMs: 30 * S,
  keepFiringForMs: 0,
  minFiringMs: 0,
  noData: 'resolve',
  hasResolveCondition: false,
  labels: { severity: 'critical' },
  renderAnnotations: ({ value, labels }) => ({ summary: `${labels.service ?? ''} at ${value}` }),
  ...overrides,
});

const checkout = (value: number): VectorElement => ({ labels: { service: 'checkout' }, value });

type Step = [offsetMs: number, input: VectorElement[] | AlertRuleInput];

/**
 * Runs the rule over a timeline; each step is [offset from T0, breaching elements or the whole input].
 * Returns what each step did.
 */
function run(spec: AlertRuleSpec, steps: Step[]): Array<{ at: number; status: string; events: string }> {
  let alerts: AlertState[] = [];
  return steps.map(([offset, input]) => {
    const result = evaluateAlertRule(
      spec,
      alerts,
      Array.isArray(input) ? { breaching: input } : input,
      T0 + offset,
    );
    alerts = result.alerts;
    return {
      at: offset,
      status: alerts.map((alert) => alert.status).join(',') || 'none',
      events: result.transitions.map((transition) => transition.kind).join(',') || '-',
    };
  });
}

describe('evaluateAlertRule', () => {
  it.each([
    {
      name: 'fires after `for` and resolves when the breach ends',
      spec: rule(),
      steps: [
        [0, [checkout(0.9)]],
        [15 * S, [checkout(0.9)]],
        [30 * S, [checkout(0.9)]],
        [45 * S, [checkout(0.8)]],
        [60 * S, []],
      ],
      expected: [
        ['pending', '-'],
        ['pending', '-'],
        ['firing', 'firing'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'a breach shorter than `for` never notifies',
      spec: rule(),
      steps: [
        [0, [checkout(0.9)]],
        [15 * S, [checkout(0.9)]],
        [30 * S, []],
      ],
      expected: [
        ['pending', '-'],
        ['pending', '-'],
        ['none', '-'],
      ],
    },
    {
      name: 'for: 0 fires on the first evaluation',
      spec: rule({ forMs: 0 }),
      steps: [
        [0, [checkout(0.9)]],
        [15 * S, []],
      ],
      expected: [
        ['firing', 'firing'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'keep_firing_for holds the alert through a short gap',
      spec: rule({ forMs: 0, keepFiringForMs: 30 * S }),
      steps: [
        [0, [checkout(0.9)]],
        [15 * S, []],
        [30 * S, []],
        [45 * S, []],
        [60 * S, [checkout(0.9)]],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['firing', '-'],
        ['inactive', 'resolved'],
        ['firing', 'firing'],
      ],
    },
    {
      name: 'keep_firing_for restarts when the breach comes back',
      spec: rule({ forMs: 0, keepFiringForMs: 30 * S }),
      steps: [
        [0, [checkout(0.9)]],
        [15 * S, []],
        [30 * S, [checkout(0.9)]],
        [45 * S, []],
        [60 * S, []],
        [75 * S, []],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['firing', '-'],
        ['firing', '-'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'resolved alerts are kept for 15 minutes, then forgotten',
      spec: rule({ forMs: 0 }),
      steps: [
        [0, [checkout(0.9)]],
        [1 * M, []],
        [15 * M, []],
        [16 * M, []],
      ],
      expected: [
        ['firing', 'firing'],
        ['inactive', 'resolved'],
        ['inactive', '-'],
        ['none', '-'],
      ],
    },
    {
      name: 'a breach after resolution is a new alert that waits for `for` again',
      spec: rule(),
      steps: [
        [0, [checkout(0.9)]],
        [30 * S, [checkout(0.9)]],
        [45 * S, []],
        [60 * S, [checkout(0.9)]],
        [90 * S, [checkout(0.9)]],
      ],
      expected: [
        ['pending', '-'],
        ['firing', 'firing'],
        ['inactive', 'resolved'],
        ['pending', '-'],
        ['firing', 'firing'],
      ],
    },
  ] as Array<{
    name: string;
    spec: AlertRuleSpec;
    steps: Step[];
    expected: string[][];
  }>)('$name', ({ spec, steps, expected }) => {
    expect(run(spec, steps).map((step) => [step.status, step.events])).toEqual(expected);
  });

  it('keeps activeAt and firedAt across evaluations and records resolvedAt', () => {
    const spec = rule();
    const first = evaluateAlertRule(spec, [], { breaching: [checkout(0.9)] }, T0);
    const second = evaluateAlertRule(spec, first.alerts, { breaching: [checkout(0.7)] }, T0 + 30 * S);
    const third = evaluateAlertRule(spec, second.alerts, { breaching: [] }, T0 + 45 * S);
    expect(second.alerts[0]).toMatchObject({ activeAtMs: T0, firedAtMs: T0 + 30 * S, value: 0.7 });
    expect(third.transitions[0]?.alert).toMatchObject({
      activeAtMs: T0,
      firedAtMs: T0 + 30 * S,
      resolvedAtMs: T0 + 45 * S,
      value: 0.7,
    });
  });

  it('builds labels from the series, the rule and alertname, and renders annotations with them', () => {
    const spec = rule({ forMs: 0 });
    const result = evaluateAlertRule(
      spec,
      [],
      { breaching: [{ labels: { __name__: 'x', service: 'checkout', severity: 'low' }, value: 2 }] },
      T0,
    );
    const alert = result.alerts[0];
    expect(alert?.labels).toEqual({ alertname: 'LatencyHigh', service: 'checkout', severity: 'critical' });
    expect(alert?.fingerprint).toBe(fingerprint(alertLabels(spec, { service: 'checkout' })));
    expect(alert?.annotations).toEqual({ summary: 'checkout at 2' });
  });

  it('tracks one alert per series independently', () => {
    const spec = rule({ forMs: 0 });
    const a = { labels: { service: 'a' }, value: 1 };
    const b = { labels: { service: 'b' }, value: 1 };
    const first = evaluateAlertRule(spec, [], { breaching: [a, b] }, T0);
    const second = evaluateAlertRule(spec, first.alerts, { breaching: [b] }, T0 + 15 * S);
    expect(first.transitions.map((t) => t.alert.labels.service)).toEqual(['a', 'b']);
    expect(second.transitions).toEqual([
      expect.objectContaining({
        kind: 'resolved',
        alert: expect.objectContaining({ labels: expect.objectContaining({ service: 'a' }) }),
      }),
    ]);
    expect(second.alerts.map((alert) => [alert.labels.service, alert.status])).toEqual([
      ['b', 'firing'],
      ['a', 'inactive'],
    ]);
  });

  const quiet = (value: number): AlertRuleInput => ({ breaching: [], present: [checkout(value)] });
  const gone: AlertRuleInput = { breaching: [], present: [] };
  const cart: VectorElement = { labels: { service: 'cart' }, value: 0.1 };
  const breach = (value: number): AlertRuleInput => ({
    breaching: [checkout(value)],
    present: [checkout(value)],
  });

  it.each([
    {
      name: 'no_data resolve: a vanished series resolves its alert',
      spec: rule({ forMs: 0 }),
      steps: [
        [0, breach(0.9)],
        [15 * S, gone],
      ],
      expected: [
        ['firing', 'firing'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'no_data keep: a vanished series keeps the alert firing, data below threshold resolves it',
      spec: rule({ forMs: 0, noData: 'keep' }),
      steps: [
        [0, breach(0.9)],
        [15 * S, gone],
        [30 * S, gone],
        [45 * S, quiet(0.1)],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'no_data keep: a pending alert stays pending without data and does not fire',
      spec: rule({ noData: 'keep' }),
      steps: [
        [0, breach(0.9)],
        [15 * S, gone],
        [45 * S, gone],
        [60 * S, breach(0.9)],
      ],
      expected: [
        ['pending', '-'],
        ['pending', '-'],
        ['pending', '-'],
        ['firing', 'firing'],
      ],
    },
    {
      name: 'no_data alert: a vanished series counts as breaching and fires after `for`',
      spec: rule({ noData: 'alert' }),
      steps: [
        [0, breach(0.9)],
        [15 * S, { breaching: [], present: [cart] }],
        [30 * S, { breaching: [], present: [cart] }],
      ],
      expected: [
        ['pending', '-'],
        ['pending', '-'],
        ['firing', 'firing'],
      ],
    },
    {
      name: 'no_data alert: an expression without any series raises one nodata alert, resolved when data returns',
      spec: rule({ forMs: 0, noData: 'alert' }),
      steps: [
        [0, gone],
        [15 * S, gone],
        [30 * S, quiet(0.1)],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'min_firing holds a short-lived alert',
      spec: rule({ forMs: 0, minFiringMs: 60 * S }),
      steps: [
        [0, breach(0.9)],
        [15 * S, quiet(0.1)],
        [45 * S, quiet(0.1)],
        [60 * S, quiet(0.1)],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
    {
      name: 'resolve_when: a firing alert resolves only once the resolve condition holds',
      spec: rule({ forMs: 0, hasResolveCondition: true }),
      steps: [
        [0, breach(0.9)],
        [15 * S, { breaching: [], present: [checkout(0.4)], resolvable: [] }],
        [30 * S, { breaching: [], present: [checkout(0.2)], resolvable: [checkout(0.2)] }],
      ],
      expected: [
        ['firing', 'firing'],
        ['firing', '-'],
        ['inactive', 'resolved'],
      ],
    },
  ] as Array<{ name: string; spec: AlertRuleSpec; steps: Step[]; expected: string[][] }>)(
    '$name',
    ({ spec, steps, expected }) => {
      expect(run(spec, steps).map((step) => [step.status, step.events])).toEqual(expected);
    },
  );

  it('labels the no-data alert so it is told apart from series alerts', () => {
    const result = evaluateAlertRule(rule({ forMs: 0, noData: 'alert' }), [], gone, T0);
    expect(result.alerts[0]?.labels).toEqual({
      alertname: 'LatencyHigh',
      [NO_DATA_LABEL]: 'true',
      severity: 'critical',
    });
    expect(result.alerts[0]?.value).toBeNaN();
  });
});
