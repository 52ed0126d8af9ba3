import { AlertNotification } from '../alerts/alert-notification';
import {
  alertmanagerFingerprint,
  buildWebhookPayload,
  WebhookAlertInput,
  webhookAlertOf,
  WebhookGroupInput,
} from './webhook-payload';

const T0 = Date.UTC(2023, 1, 6, 13, 8, 45, 828);

function alert(
  labels: Record<string, string>,
  overrides: Partial<WebhookAlertInput> = {},
): WebhookAlertInput {
  return {
    status: 'firing',
    labels,
    annotations: {},
    startsAtMs: T0,
    generatorURL: 'https://forewarn.example/alerts/1',
    ...overrides,
  };
}

function group(alerts: WebhookAlertInput[], overrides: Partial<WebhookGroupInput> = {}): WebhookGroupInput {
  return {
    receiver: 'sms',
    groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
    groupLabels: { alertname: 'ProbeFailure' },
    externalURL: 'https://forewarn.example',
    alerts,
    ...overrides,
  };
}

const names = (alerts: readonly { labels: Record<string, string> }[]): string[] =>
  alerts.map((a) => a.labels['name'] ?? '?');

describe(buildWebhookPayload.name, () => {
  it("writes Alertmanager's version 4 message, field for field and in its key order", () => {
    const probe = alert(
      {
        severity: 'critical',
        alertname: 'ProbeFailure',
        job: 'http_checks',
        instance: 'https://a.example.org',
      },
      { annotations: { summary: 'Probe failed', description: 'a is down' } },
    );
    const recovered = alert(
      {
        severity: 'critical',
        alertname: 'ProbeFailure',
        job: 'http_checks',
        instance: 'https://b.example.org',
      },
      {
        status: 'resolved',
        annotations: { summary: 'Probe failed', description: 'b is down' },
        startsAtMs: T0 - 60_000,
        endsAtMs: T0 + 1_000,
        generatorURL: 'https://forewarn.example/alerts/2',
      },
    );
    const payload = buildWebhookPayload(group([recovered, probe]));
    expect(JSON.stringify(payload, null, 2)).toBe(
      JSON.stringify(
        {
          receiver: 'sms',
          status: 'firing',
          alerts: [
            {
              status: 'firing',
              labels: {
                alertname: 'ProbeFailure',
                instance: 'https://a.example.org',
                job: 'http_checks',
                severity: 'critical',
              },
              annotations: { description: 'a is down', summary: 'Probe failed' },
              startsAt: '2023-02-06T13:08:45.828Z',
              endsAt: '0001-01-01T00:00:00Z',
              generatorURL: 'https://forewarn.example/alerts/1',
              fingerprint: alertmanagerFingerprint(probe.labels),
            },
            {
              status: 'resolved',
              labels: {
                alertname: 'ProbeFailure',
                instance: 'https://b.example.org',
                job: 'http_checks',
                severity: 'critical',
              },
              annotations: { description: 'b is down', summary: 'Probe failed' },
              startsAt: '2023-02-06T13:07:45.828Z',
              endsAt: '2023-02-06T13:08:46.828Z',
              generatorURL: 'https://forewarn.example/alerts/2',
              fingerprint: alertmanagerFingerprint(recovered.labels),
            },
          ],
          groupLabels: { alertname: 'ProbeFailure' },
          commonLabels: { alertname: 'ProbeFailure', job: 'http_checks', severity: 'critical' },
          commonAnnotations: { summary: 'Probe failed' },
          externalURL: 'https://forewarn.example',
          version: '4',
          groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
          truncatedAlerts: 0,
        },
        null,
        2,
      ),
    );
  });

  it.each([
    [Date.UTC(2024, 0, 2, 3, 4, 5, 0), '2024-01-02T03:04:05Z'],
    [Date.UTC(2024, 0, 2, 3, 4, 5, 800), '2024-01-02T03:04:05.8Z'],
    [Date.UTC(2024, 0, 2, 3, 4, 5, 820), '2024-01-02T03:04:05.82Z'],
    [Date.UTC(2024, 0, 2, 3, 4, 5, 7), '2024-01-02T03:04:05.007Z'],
  ])('writes %s as Go does: %s', (ms, text) => {
    const [sent] = buildWebhookPayload(group([alert({ a: '1' }, { startsAtMs: ms })])).alerts;
    expect(sent?.startsAt).toBe(text);
  });

  it('never exposes an end time while the alert is firing', () => {
    const [sent] = buildWebhookPayload(group([alert({ a: '1' }, { endsAtMs: T0 + 240_000 })])).alerts;
    expect(sent?.endsAt).toBe('0001-01-01T00:00:00Z');
  });

  it('is resolved when every alert is resolved', () => {
    const resolved = { status: 'resolved' as const, endsAtMs: T0 };
    const payload = buildWebhookPayload(group([alert({ a: '1' }, resolved), alert({ a: '2' }, resolved)]));
    expect(payload.status).toBe('resolved');
  });

  it('quotes the receiver name as Alertmanager does', () => {
    expect(buildWebhookPayload(group([], { receiver: 'web.hook (team-a)' })).receiver).toBe(
      'web\\.hook \\(team-a\\)',
    );
  });

  it('has empty common maps and a resolved status for an empty group', () => {
    const payload = buildWebhookPayload(group([]));
    expect(payload).toMatchObject({
      status: 'resolved',
      alerts: [],
      commonLabels: {},
      commonAnnotations: {},
    });
  });

  it('orders alerts by job, then instance, then label set, with alerts lacking them last', () => {
    const payload = buildWebhookPayload(
      group([
        alert({ name: 'no-job-longer', x: '1', y: '2' }),
        alert({ name: 'no-job-1', x: '1' }),
        alert({ name: 'api-2', job: 'api', instance: '2' }),
        alert({ name: 'api-no-instance', job: 'api' }),
        alert({ name: 'api-1', job: 'api', instance: '1' }),
        alert({ name: 'db', job: 'db', instance: '0' }),
        alert({ name: 'no-job-0', x: '9' }),
      ]),
    );
    expect(names(payload.alerts)).toEqual([
      'api-1',
      'api-2',
      'api-no-instance',
      'db',
      'no-job-0',
      'no-job-1',
      'no-job-longer',
    ]);
  });

  describe('maxAlerts', () => {
    const alerts = [
      alert({ name: 'c', job: 'c' }, { status: 'firing', annotations: { team: 'x' } }),
      alert({ name: 'a', job: 'a' }, { status: 'resolved', endsAtMs: T0, annotations: { team: 'y' } }),
      alert({ name: 'b', job: 'b' }, { status: 'resolved', endsAtMs: T0, annotations: { team: 'y' } }),
    ];

    it('sends the first alerts in order and counts the rest', () => {
      const payload = buildWebhookPayload(group(alerts), 2);
      expect(names(payload.alerts)).toEqual(['a', 'b']);
      expect(payload.truncatedAlerts).toBe(1);
    });

    it('describes only the alerts sent, as Alertmanager does', () => {
      const payload = buildWebhookPayload(group(alerts), 2);
      expect(payload.status).toBe('resolved');
      expect(payload.commonAnnotations).toEqual({ team: 'y' });
    });

    it.each([0, 3, 10])('sends everything with maxAlerts %i', (maxAlerts) => {
      const payload = buildWebhookPayload(group(alerts), maxAlerts);
      expect(payload.alerts).toHaveLength(3);
      expect(payload.truncatedAlerts).toBe(0);
      expect(payload.status).toBe('firing');
      expect(payload.commonAnnotations).toEqual({});
    });
  });
});

describe(alertmanagerFingerprint.name, () => {
  it.each([
    [{}, 'cbf29ce484222325'],
    // prometheus/common's own test vector: 5799056148416392346.
    [{ name: 'garland, briggs', fear: 'love is not enough' }, '507a62d79ee76c9a'],
  ])('fingerprints %j as %s', (labels, expected) => {
    expect(alertmanagerFingerprint(labels)).toBe(expected);
  });

  it('does not depend on key order but separates names from values', () => {
    expect(alertmanagerFingerprint({ a: 'b', c: 'd' })).toBe(alertmanagerFingerprint({ c: 'd', a: 'b' }));
    expect(alertmanagerFingerprint({ a: 'bc' })).not.toBe(alertmanagerFingerprint({ ab: 'c' }));
  });

  it('always writes 16 lower-case hex digits', () => {
    for (const value of ['', 'x', 'é', '🔥', 'a'.repeat(200)]) {
      expect(alertmanagerFingerprint({ v: value })).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});

describe(webhookAlertOf.name, () => {
  const notification: AlertNotification = {
    alertId: 'alert-1',
    state: 'resolved',
    ruleName: 'HighErrorRate',
    groupName: 'checkout',
    ruleFile: 'checkout.yaml',
    expr: 'error_ratio > 0.05',
    labels: { alertname: 'HighErrorRate', service: 'checkout' },
    annotations: { summary: 'Errors above 5%' },
    value: 0.02,
    activeAtMs: T0 - 120_000,
    firedAtMs: T0 - 60_000,
    resolvedAtMs: T0,
    alertUrl: 'https://forewarn.example/alerts/alert-1',
  };

  it('takes the firing time as the start, as Prometheus sends it, and the resolution as the end', () => {
    expect(webhookAlertOf(notification)).toEqual({
      status: 'resolved',
      labels: notification.labels,
      annotations: notification.annotations,
      startsAtMs: T0 - 60_000,
      endsAtMs: T0,
      generatorURL: 'https://forewarn.example/alerts/alert-1',
    });
  });

  it('has no end while firing', () => {
    const { resolvedAtMs: _resolved, ...firing } = notification;
    expect(webhookAlertOf({ ...firing, state: 'firing' })).not.toHaveProperty('endsAtMs');
  });
});
