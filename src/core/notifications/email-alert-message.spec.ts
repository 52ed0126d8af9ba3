import { AlertNotification } from '../alerts/alert-notification';
import { alertMessageId, buildEmailAlertMessage, escapeHtml } from './email-alert-message';

const firing: AlertNotification = {
  alertId: 'clx42',
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
  dashboardUrl: 'https://grafana.example.com/d/checkout?from=now-1h&to=now',
  alertUrl: 'https://forewarn.example.com/alerts/clx42',
};

const resolved: AlertNotification = {
  ...firing,
  state: 'resolved',
  value: 0.31,
  resolvedAtMs: firing.firedAtMs + 270_000,
};

const opts = { domain: 'forewarn.example.com' };

describe('buildEmailAlertMessage', () => {
  it.each([
    [firing, '[FIRING] CheckoutLatencyHigh service=checkout'],
    [resolved, '[RESOLVED] CheckoutLatencyHigh service=checkout'],
    [{ ...firing, labels: { alertname: 'Up' } }, '[FIRING] Up'],
    [
      { ...firing, labels: { alertname: 'Multi\r\nBcc: x@evil.example' } },
      '[FIRING] Multi Bcc: x@evil.example',
    ],
  ])('subject of %#: %s', (n, subject) => {
    expect(buildEmailAlertMessage(n, opts).subject).toBe(subject);
  });

  it('gives the firing mail a stable id and no threading headers', () => {
    const mail = buildEmailAlertMessage(firing, opts);
    expect(mail.messageId).toBe('<alert-clx42-1700000060000-firing@forewarn.example.com>');
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(buildEmailAlertMessage(firing, opts).messageId).toBe(mail.messageId);
  });

  it('threads the resolved mail under the firing one', () => {
    const first = buildEmailAlertMessage(firing, opts);
    const second = buildEmailAlertMessage(resolved, opts);
    expect(second.messageId).toBe('<alert-clx42-1700000060000-resolved@forewarn.example.com>');
    expect(second.inReplyTo).toBe(first.messageId);
    expect(second.references).toEqual([first.messageId]);
  });

  it('starts a new thread when the alert fires again', () => {
    const again = buildEmailAlertMessage({ ...firing, firedAtMs: firing.firedAtMs + 3_600_000 }, opts);
    expect(again.messageId).not.toBe(buildEmailAlertMessage(firing, opts).messageId);
  });

  it('keeps ids well-formed whatever the alert id and domain hold', () => {
    expect(alertMessageId({ ...firing, alertId: 'a b<c>@d' }, 'firing', 'ex ample.com>')).toBe(
      '<alert-a_b_c__d-1700000060000-firing@ex_ample.com_>',
    );
  });

  it('carries the same facts in the text part', () => {
    const text = buildEmailAlertMessage(firing, opts).text;
    expect(text.split('\n')).toEqual([
      '[FIRING] CheckoutLatencyHigh service=checkout',
      '',
      'p99 latency above 500ms',
      '',
      'Value:      0.82 > 0.5',
      'Severity:   critical',
      'Since:      2023-11-14T22:14:20Z',
      'Rule:       checkout/CheckoutLatencyHigh (checkout.yaml)',
      'Expression: avg by (service) (rate(http_latency_seconds[5m])) > 0.5',
      'Labels:     service="checkout"',
      '            team="payments"',
      '',
      'Checkout is slow.',
      'Check the database.',
      '',
      'Open alert: https://forewarn.example.com/alerts/clx42',
      'Runbook:    https://runbooks.example.com/checkout-latency',
      'Dashboard:  https://grafana.example.com/d/checkout?from=now-1h&to=now',
      '',
    ]);
  });

  it('reports duration, last value and both instants once resolved', () => {
    const mail = buildEmailAlertMessage(resolved, opts);
    expect(mail.text).toContain('Last value: 0.31 (alerts when > 0.5)\n');
    expect(mail.text).toContain('Duration:   4m 30s\n');
    expect(mail.text).toContain('Fired:      2023-11-14T22:14:20Z\n');
    expect(mail.text).toContain('Resolved:   2023-11-14T22:18:50Z\n');
    expect(mail.html).toContain('>4m 30s</td>');
    expect(mail.html).toContain('RESOLVED: CheckoutLatencyHigh service=checkout');
  });

  it('renders the facts as an HTML table with links', () => {
    const html = buildEmailAlertMessage(firing, opts).html;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toMatch(/<th[^>]*>Value<\/th><td[^>]*>0.82 &gt; 0.5<\/td>/);
    expect(html).toMatch(/<th[^>]*>Severity<\/th><td[^>]*>critical<\/td>/);
    expect(html).toMatch(
      /<th[^>]*>Labels<\/th><td[^>]*>service=&quot;checkout&quot;<br>team=&quot;payments&quot;<\/td>/,
    );
    expect(html).toContain('<a href="https://forewarn.example.com/alerts/clx42"');
    expect(html).toContain('<a href="https://runbooks.example.com/checkout-latency"');
    expect(html).toContain('<a href="https://grafana.example.com/d/checkout?from=now-1h&amp;to=now"');
    expect(html).toContain('Checkout is slow.<br>Check the database.');
    expect(html).toContain('background:#cf222e');
  });

  it('escapes labels and annotations in HTML', () => {
    const script = '<script>alert("x")</script>';
    const mail = buildEmailAlertMessage(
      {
        ...firing,
        labels: {
          ...firing.labels,
          alertname: script,
          service: script,
          team: `"><img src=x onerror=alert(1)>`,
        },
        annotations: { summary: script, description: `${script}\n<b>bold</b> & 'quoted'` },
        expr: 'x < 1 & y > 2',
        groupName: script,
      },
      opts,
    );
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;');
    expect(mail.html).toContain('x &lt; 1 &amp; y &gt; 2');
    // The text part is plain text: it stays verbatim.
    expect(mail.text).toContain(script);
  });

  it('does not make links out of non-http URLs', () => {
    const html = buildEmailAlertMessage(
      { ...firing, runbookUrl: 'javascript:alert(1)', dashboardUrl: undefined },
      opts,
    ).html;
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('Runbook: javascript:alert(1)');
    expect(html).not.toContain('Dashboard');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and both quote characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('chart', () => {
  it('attaches the series as an inline PNG and shows it by Content-ID', () => {
    const points: Array<[number, number]> = Array.from({ length: 30 }, (_, index) => [
      firing.firedAtMs - (30 - index) * 60_000,
      index < 25 ? 0.2 : 0.9,
    ]);
    const mail = buildEmailAlertMessage({ ...firing, chart: { points } }, { domain: 'forewarn.example.com' });
    expect(mail.attachments).toEqual([
      { filename: 'chart.png', cid: 'chart@forewarn', content: expect.any(Buffer) },
    ]);
    expect(mail.attachments?.[0]?.content.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(mail.html).toContain('<img src="cid:chart@forewarn" width="560" height="200"');
  });

  it('has no chart with fewer than two points', () => {
    const mail = buildEmailAlertMessage(
      { ...firing, chart: { points: [[firing.firedAtMs, 1]] } },
      { domain: 'forewarn.example.com' },
    );
    expect(mail.attachments).toBeUndefined();
    expect(mail.html).not.toContain('cid:');
  });
});
