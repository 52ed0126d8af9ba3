import { IntegrationDeliveries, OpenIncident, overview, OverviewInput } from './overview';

const T = Date.UTC(2026, 11, 8, 1, 0, 0);
const MIN = 60_000;

function incident(
  id: string,
  service: string | null,
  severity: OpenIncident['severity'],
  startedMinAgo: number,
  alerts = 1,
  acked = false,
): OpenIncident {
  return {
    id,
    title: `T${id}`,
    service,
    severity,
    startedAtMs: T - startedMinAgo * MIN,
    acknowledgedAtMs: acked ? T - MIN : null,
    alerts: Array.from({ length: alerts }, (_, n) => ({
      ruleName: `R${id}`,
      labels: { n: String(n) },
      firedAtMs: T - startedMinAgo * MIN,
      muted: null,
    })),
  };
}

function deliveries(
  integration: string,
  counts: Partial<Pick<IntegrationDeliveries, 'delivered' | 'failed' | 'stuck'>>,
): IntegrationDeliveries {
  return {
    receiver: 'oncall',
    integration,
    kind: integration.split(':')[0] ?? '',
    delivered: 0,
    pending: counts.stuck ?? 0,
    stuck: 0,
    failed: 0,
    ...counts,
  };
}

const base: OverviewInput = {
  nowMs: T,
  openIncidents: [],
  loadErrors: [],
  evaluationErrors: [],
  deliveries: [],
  deliveriesSinceMs: T - 24 * 60 * MIN,
};

describe(overview.name, () => {
  it('counts firing incidents and alerts by service and severity, worst service first', () => {
    const view = overview({
      ...base,
      openIncidents: [
        incident('1', 'search', 'warning', 30, 3),
        incident('2', 'checkout', 'critical', 10, 2, true),
        incident('3', 'checkout', 'warning', 50),
        incident('4', null, null, 5),
        incident('5', 'search', 'warning', 20, 1),
        incident('6', 'auth', 'info', 40, 0),
      ],
    });
    expect(view.firing).toMatchObject({ incidents: 6, alerts: 8, unacknowledged: 5 });
    expect(view.firing.bySeverity).toEqual({ critical: 1, warning: 3, info: 1, none: 1 });
    expect(
      view.firing.byService.map((row) => [
        row.service,
        row.incidents,
        row.alerts,
        row.bySeverity.critical,
        row.bySeverity.warning,
        row.bySeverity.info,
        row.bySeverity.none,
      ]),
    ).toEqual([
      ['checkout', 2, 3, 1, 1, 0, 0],
      ['search', 2, 4, 0, 2, 0, 0],
      ['(no service)', 1, 1, 0, 0, 0, 1],
      ['auth', 1, 0, 0, 0, 1, 0],
    ]);
  });

  it('lists incidents most severe first, then oldest first, with their page links', () => {
    const view = overview({
      ...base,
      openIncidents: [
        incident('a', 'x', 'warning', 5),
        incident('b', 'x', null, 60),
        incident('c', 'x', 'critical', 1),
        incident('d', 'x', 'warning', 50),
        incident('e', 'x', 'info', 500),
      ],
    });
    expect(view.firing.list.map((entry) => [entry.id, entry.url])).toEqual([
      ['c', '/incidents/c'],
      ['d', '/incidents/d'],
      ['a', '/incidents/a'],
      ['e', '/incidents/e'],
      ['b', '/incidents/b'],
    ]);
  });

  it.each([
    ['all delivered', { delivered: 9 }, false],
    ['one failed', { delivered: 9, failed: 1 }, true],
    ['one stuck pending', { stuck: 1 }, true],
    ['nothing sent', {}, false],
  ] as const)('a receiver with %s: failing %s', (_, counts, failing) => {
    const view = overview({ ...base, deliveries: [deliveries('email:a@example.com', counts)] });
    expect(view.failingReceivers.length).toBe(failing ? 1 : 0);
  });

  it('orders failing receivers by failed and stuck deliveries, and keeps load errors before evaluation errors', () => {
    const view = overview({
      ...base,
      deliveries: [
        deliveries('slack:#a', { failed: 1 }),
        deliveries('webhook:http://h', { failed: 2, stuck: 3 }),
        deliveries('email:b@example.com', { failed: 1 }),
      ],
      loadErrors: [{ kind: 'load', where: 'rules/x.yaml:3:5', message: 'unknown key', atMs: T }],
      evaluationErrors: [
        { kind: 'evaluation', where: 'web/Zeta', message: 'timeout', atMs: T },
        { kind: 'evaluation', where: 'web/Alpha', message: 'bad', atMs: T - MIN },
      ],
    });
    expect(view.failingReceivers.map((entry) => entry.integration)).toEqual([
      'webhook:http://h',
      'email:b@example.com',
      'slack:#a',
    ]);
    expect(view.ruleErrors.map((error) => error.where)).toEqual([
      'rules/x.yaml:3:5',
      'web/Alpha',
      'web/Zeta',
    ]);
    expect(view.generatedAt).toBe('2026-12-08T01:00:00.000Z');
    expect(view.deliveriesSince).toBe('2026-12-07T01:00:00.000Z');
  });
});
