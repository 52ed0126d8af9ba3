import { AlertNotification } from '../alerts/alert-notification';
import {
  buildSlackAlertMessage,
  buildSlackThreadReply,
  escapeSlackText,
  SlackBlock,
  SlackMessage,
} from './slack-alert-message';

const firing: AlertNotification = {
  alertId: '42',
  state: 'firing',
  ruleName: 'CheckoutLatencyHigh',
  groupName: 'checkout',
  ruleFile: 'checkout.yaml',
  expr: 'avg by (service) (rate(http_latency_seconds[5m])) > 0.5',
  labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout', severity: 'critical', team: 'payments' },
  annotations: { summary: 'p99 latency above 500ms', description: 'Checkout is slow.\nCheck the database.' },
  value: 0.82,
  threshold: { op: '>', value: 0.5 },
  activeAtMs: 1_700_000_000_000,
  firedAtMs: 1_700_000_060_000,
  runbookUrl: 'https://runbooks.example.com/checkout-latency',
  dashboardUrl: 'https://grafana.example.com/d/checkout',
  alertUrl: 'https://forewarn.example.com/alerts/42',
};

const resolved: AlertNotification = {
  ...firing,
  state: 'resolved',
  value: 0.31,
  resolvedAtMs: firing.firedAtMs + 270_000,
};

function header(msg: SlackMessage): string {
  const block = msg.blocks.find((b) => b.type === 'header');
  return block?.type === 'header' ? block.text.text : '';
}

function fields(msg: SlackMessage): string[] {
  return msg.blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : []));
}

function sectionTexts(msg: SlackMessage): string[] {
  return msg.blocks.flatMap((b) => (b.type === 'section' && b.text !== undefined ? [b.text.text] : []));
}

function contextTexts(msg: SlackMessage): string[] {
  return msg.blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
}

/** Every string that Slack would parse as mrkdwn: the fallback text and all mrkdwn objects. */
function mrkdwnTexts(msg: SlackMessage): string[] {
  const fromBlock = (b: SlackBlock): string[] => {
    switch (b.type) {
      case 'header':
      case 'actions':
        return [];
      case 'section':
        return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
      case 'context':
        return b.elements.filter((e) => e.type === 'mrkdwn').map((e) => e.text);
    }
  };
  return [msg.text, ...msg.blocks.flatMap(fromBlock)];
}

describe('escapeSlackText', () => {
  it('escapes the three control characters only', () => {
    expect(escapeSlackText('a & b <@U123> <!channel> *bold*')).toBe(
      'a &amp; b &lt;@U123&gt; &lt;!channel&gt; *bold*',
    );
  });
});

describe('buildSlackAlertMessage', () => {
  it.each([
    ['critical', ':red_circle:'],
    ['warning', ':large_orange_circle:'],
    ['info', ':large_blue_circle:'],
    ['page-me-maybe', ':white_circle:'],
  ])('heads a %s alert with %s, the alert name and the service', (severity, emoji) => {
    const msg = buildSlackAlertMessage({ ...firing, labels: { ...firing.labels, severity } });
    expect(header(msg)).toBe(`${emoji} CheckoutLatencyHigh · checkout`);
    expect(msg.text).toBe(`${emoji} [FIRING] CheckoutLatencyHigh service=checkout: p99 latency above 500ms`);
  });

  it('shows summary, value vs threshold, severity, since, labels and description while firing', () => {
    const msg = buildSlackAlertMessage(firing);
    expect(sectionTexts(msg)).toEqual([
      '*p99 latency above 500ms*',
      'Checkout is slow.\nCheck the database.',
    ]);
    expect(fields(msg)).toEqual([
      '*Value*\n0.82 &gt; 0.5',
      '*Severity*\ncritical',
      '*Since*\n2023-11-14T22:14:20Z',
      '*Labels*\n`service=checkout`\n`team=payments`',
    ]);
  });

  it('links the alert page, runbook and dashboard and names the rule', () => {
    expect(contextTexts(buildSlackAlertMessage(firing))).toEqual([
      '<https://forewarn.example.com/alerts/42|Open alert>  ·  ' +
        '<https://runbooks.example.com/checkout-latency|Runbook>  ·  ' +
        '<https://grafana.example.com/d/checkout|Dashboard>',
      'Rule checkout/CheckoutLatencyHigh (checkout.yaml)',
    ]);
  });

  it('leaves out missing and non-http links and keeps URLs from breaking the link syntax', () => {
    const msg = buildSlackAlertMessage({
      ...firing,
      runbookUrl: undefined,
      dashboardUrl: 'javascript:alert(1)',
      alertUrl: 'https://forewarn.example.com/alerts/42?a=1&b=x|y',
    });
    expect(contextTexts(msg)[0]).toBe('<https://forewarn.example.com/alerts/42?a=1&amp;b=x%7Cy|Open alert>');
  });

  it('works without summary, description, threshold, service or severity', () => {
    const msg = buildSlackAlertMessage({
      ...firing,
      labels: { alertname: 'Up' },
      annotations: {},
      threshold: undefined,
      value: 0,
    });
    expect(header(msg)).toBe(':white_circle: Up');
    expect(msg.text).toBe(':white_circle: [FIRING] Up');
    expect(sectionTexts(msg)).toEqual([]);
    expect(fields(msg)).toEqual(['*Value*\n0', '*Severity*\nnone', '*Since*\n2023-11-14T22:14:20Z']);
  });

  it('rewrites the message as RESOLVED with the duration and last value', () => {
    const msg = buildSlackAlertMessage(resolved);
    expect(header(msg)).toBe(':white_check_mark: RESOLVED · CheckoutLatencyHigh · checkout');
    expect(msg.text).toBe(':white_check_mark: [RESOLVED] CheckoutLatencyHigh service=checkout after 4m 30s');
    expect(fields(msg)).toEqual([
      '*Last value*\n0.31 (alerts when &gt; 0.5)',
      '*Severity*\ncritical',
      '*Duration*\n4m 30s',
      '*Fired*\n2023-11-14T22:14:20Z',
      '*Resolved*\n2023-11-14T22:18:50Z',
      '*Labels*\n`service=checkout`\n`team=payments`',
    ]);
    expect(contextTexts(msg)).toEqual(contextTexts(buildSlackAlertMessage(firing)));
  });

  it('cannot be made to mention people or inject links through labels and annotations', () => {
    const hostile = '<@U123> <!channel> <https://evil.example|click> & more';
    const msg = buildSlackAlertMessage({
      ...firing,
      labels: { ...firing.labels, alertname: hostile, service: hostile, team: hostile },
      annotations: { summary: hostile, description: hostile },
      ruleName: hostile,
    });
    for (const text of mrkdwnTexts(msg)) {
      expect(text).not.toMatch(/<[@!]|<https:\/\/evil/);
    }
    expect(msg.text).toContain(
      '&lt;@U123&gt; &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more',
    );
    expect(fields(msg)[3]).toContain('`team=&lt;@U123&gt;');
    // The header is plain text, which Slack never parses for mentions or links.
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    // verbatim stops Slack from auto-linking bare names and URLs in user text.
    for (const block of msg.blocks) {
      if (block.type === 'section') {
        for (const object of [...(block.text ? [block.text] : []), ...(block.fields ?? [])]) {
          expect(object.verbatim).toBe(true);
        }
      }
    }
  });

  it('keeps code spans intact when a label value has a backtick', () => {
    const msg = buildSlackAlertMessage({ ...firing, labels: { alertname: 'A', path: '/a`b' } });
    expect(fields(msg)).toContain('*Labels*\n`path=/aˋb`');
  });

  it('stays within Block Kit limits for huge user text without cutting an entity in half', () => {
    const msg = buildSlackAlertMessage({
      ...firing,
      labels: { ...firing.labels, alertname: 'A'.repeat(400), big: '&'.repeat(5000) },
      annotations: { summary: 'S'.repeat(5000), description: '<'.repeat(5000) },
    });
    expect(header(msg).length).toBeLessThanOrEqual(150);
    for (const block of msg.blocks) {
      if (block.type === 'section') {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
        for (const f of block.fields ?? []) {
          expect(f.text.length).toBeLessThanOrEqual(2000);
        }
      }
    }
    const description = sectionTexts(msg)[1] ?? '';
    expect(description).toMatch(/^(&lt;)+…$/);
    expect(fields(msg)[3]).toMatch(/(&amp;)+…$/);
  });
});

describe('buildSlackThreadReply', () => {
  it('says how long a resolved alert fired and its last value', () => {
    const msg = buildSlackThreadReply(resolved);
    expect(msg.text).toBe('Resolved after 4m 30s. Last value 0.31.');
    expect(sectionTexts(msg)).toEqual([':white_check_mark: Resolved after 4m 30s. Last value 0.31.']);
  });

  it('says since when a firing alert fires and its value', () => {
    const msg = buildSlackThreadReply(firing);
    expect(msg.text).toBe('Firing since 2023-11-14T22:14:20Z. Value 0.82 &gt; 0.5.');
    expect(sectionTexts(msg)).toEqual([
      ':red_circle: Firing since 2023-11-14T22:14:20Z. Value 0.82 &gt; 0.5.',
    ]);
  });

  it('formats long durations and large values readably', () => {
    const msg = buildSlackThreadReply({
      ...resolved,
      value: 1_073_741_824,
      resolvedAtMs: firing.firedAtMs + 2 * 86_400_000 + 3 * 3_600_000,
    });
    expect(msg.text).toBe('Resolved after 2d 3h. Last value 1.074e+9.');
  });
});

describe('buttons', () => {
  it('offers Acknowledge, Silence 1h and Open on a firing alert, carrying its id; none once resolved', () => {
    const message = buildSlackAlertMessage(firing);
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        expect.objectContaining({
          action_id: 'ack',
          value: firing.alertId,
          text: expect.objectContaining({ text: 'Acknowledge' }),
        }),
        expect.objectContaining({ action_id: 'silence_1h', value: firing.alertId }),
        expect.objectContaining({ action_id: 'open', url: firing.alertUrl }),
      ],
    });
    expect(buildSlackAlertMessage(resolved).blocks.some((block) => block.type === 'actions')).toBe(false);
  });
});
