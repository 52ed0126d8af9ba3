import { AlertNotification } from '../alerts/alert-notification';
import { IncidentNotification } from '../dispatch/incident-notification';
import { buildEmailIncidentMessage, incidentMessageId } from './email-incident-message';
import { buildSlackIncidentMessage, buildSlackIncidentReply } from './slack-incident-message';

const T0 = Date.parse('2026-12-07T10:00:00Z');

function alert(instance: string, state: 'firing' | 'resolved' = 'firing'): AlertNotification {
  return {
    alertId: `alert-${instance}`,
    state,
    ruleName: 'InstanceErrors',
    groupName: 'web',
    ruleFile: 'web.yaml',
    expr: 'errors_total > 0',
    labels: { alertname: 'InstanceErrors', service: 'web', instance, severity: 'warning' },
    annotations: { summary: `errors on ${instance}` },
    value: 3,
    threshold: { op: '>', value: 0 },
    activeAtMs: T0,
    firedAtMs: T0,
    alertUrl: `https://forewarn.example.com/alerts/alert-${instance}`,
  };
}

function incident(
  alerts: AlertNotification[],
  overrides: Partial<IncidentNotification> = {},
): IncidentNotification {
  return {
    incidentId: 'inc-1',
    groupKey: '{}:oncall:{alertname="InstanceErrors", service="web"}',
    receiver: 'oncall',
    groupLabels: { alertname: 'InstanceErrors', service: 'web' },
    title: 'InstanceErrors web',
    severity: 'warning',
    status: 'firing',
    reason: 'first notification',
    sequence: 0,
    startedAtMs: T0,
    alerts,
    newlyFiring: alerts.map((a) => a.alertId),
    newlyResolved: [],
    incidentUrl: 'https://forewarn.example.com/incidents/inc-1',
    ...overrides,
  };
}

const many = Array.from({ length: 12 }, (_, i) => alert(`i${i}`));

describe('Slack incident message', () => {
  it('shows an incident of one alert as that alert, with buttons that act on the incident', () => {
    const message = buildSlackIncidentMessage(incident([alert('i0')]));
    expect(message.text).toContain('InstanceErrors');
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions?.type === 'actions' ? actions.elements.map((b) => [b.action_id, b.value]) : []).toEqual([
      ['ack', 'inc-1'],
      ['silence_1h', 'inc-1'],
      ['open', 'inc-1'],
    ]);
  });

  it('lists at most 10 alerts of a larger incident and counts the rest', () => {
    const message = buildSlackIncidentMessage(incident(many));
    expect(message.text).toBe('[FIRING:12] InstanceErrors web');
    const list = JSON.stringify(message.blocks[1]);
    expect(list).toContain('InstanceErrors  instance=\\"i9\\"  3 &gt; 0');
    expect(list).not.toContain('i10');
    expect(list).toContain('... and 2 more');
  });

  it('replies in thread with what changed, the resolution, or a reminder', () => {
    const changed = incident(many, { sequence: 1, newlyFiring: ['alert-i11'], newlyResolved: [] });
    expect(buildSlackIncidentReply(changed, T0 + 60_000).text).toBe(
      '1 new alert firing. [FIRING:12] InstanceErrors web.',
    );
    const reminder = incident(many, { sequence: 2, newlyFiring: [] });
    expect(buildSlackIncidentReply(reminder, T0 + 4 * 3_600_000).text).toBe(
      'Still firing after 4h: [FIRING:12] InstanceErrors web.',
    );
    const done = incident(
      many.map((a) => ({ ...a, state: 'resolved' as const })),
      { status: 'resolved', resolvedAtMs: T0 + 90_000, newlyFiring: [] },
    );
    expect(buildSlackIncidentReply(done, T0 + 100_000).text).toBe('All 12 alerts resolved after 1m 30s.');
  });
});

describe('email incident message', () => {
  it('threads every mail of an incident under its first, with stable ids', () => {
    const first = buildEmailIncidentMessage(incident(many), 'forewarn.example.com');
    expect(first.messageId).toBe('<incident-inc-1@forewarn.example.com>');
    expect(first.inReplyTo).toBeUndefined();
    expect(first.subject).toBe('[FIRING:12] InstanceErrors web');
    expect(first.text).toMatch(/Alerts: +InstanceErrors {2}instance="i0" {2}3 > 0\n/);

    const second = buildEmailIncidentMessage(
      incident(many, { sequence: 1, newlyFiring: ['alert-i11'] }),
      'forewarn.example.com',
    );
    expect(second.messageId).toBe(incidentMessageId('inc-1', 1, 'forewarn.example.com'));
    expect(second.inReplyTo).toBe('<incident-inc-1@forewarn.example.com>');
    expect(second.references).toEqual(['<incident-inc-1@forewarn.example.com>']);
    expect(second.text).toMatch(/Changed: +1 new alert firing/);
  });
});
