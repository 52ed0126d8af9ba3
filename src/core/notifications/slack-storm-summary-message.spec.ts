import { StormSummary, StormSummaryIncident } from '../dispatch/storm-summary';
import { buildSlackStormSummary, stormSummaryHeadline } from './slack-storm-summary-message';

const T0 = Date.parse('2026-12-08T02:00:00Z');

function incident(n: number, overrides: Partial<StormSummaryIncident> = {}): StormSummaryIncident {
  return {
    incidentId: `i${n}`,
    title: `Errors svc${n}`,
    severity: 'critical',
    status: 'firing',
    alerts: 10,
    startedAtMs: T0,
    incidentUrl: `https://forewarn.example/incidents/i${n}`,
    ...overrides,
  };
}

function summary(incidents: StormSummaryIncident[]): StormSummary {
  return { channel: '#alerts', covers: incidents.map((i) => `o-${i.incidentId}`), incidents, sinceMs: T0 };
}

describe('stormSummaryHeadline', () => {
  it.each<[string, StormSummaryIncident[], number, string]>([
    ['opened only', [incident(1), incident(2)], 2 * 60_000, '2 incidents opened in the last 2m'],
    ['one', [incident(1)], 30_000, '1 incident opened in the last 30s'],
    [
      'opened and resolved',
      [incident(1), incident(2, { status: 'resolved' })],
      90_000,
      '1 incident opened, 1 resolved in the last 1m 30s',
    ],
    ['resolved only', [incident(1, { status: 'resolved' })], 0, '1 incident resolved in the last 1s'],
  ])('%s', (_, incidents, elapsedMs, headline) => {
    expect(stormSummaryHeadline(summary(incidents), T0 + elapsedMs)).toBe(headline);
  });
});

describe('buildSlackStormSummary', () => {
  it('lists each incident with a link to its page, escaped, and counts those beyond 20', () => {
    const incidents = Array.from({ length: 23 }, (_, n) => incident(n));
    incidents[0] = incident(0, { title: 'a <b> & c|d', alerts: 1, severity: 'warning' });
    const message = buildSlackStormSummary(summary(incidents), T0 + 60_000);
    expect(message.text).toBe('23 incidents opened in the last 1m');
    const section = message.blocks[1];
    const lines = section?.type === 'section' ? (section.text?.text.split('\n') ?? []) : [];
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(
      ':large_orange_circle: <https://forewarn.example/incidents/i0|a &lt;b&gt; &amp; c¦d> · 1 alert',
    );
    expect(lines[1]).toBe(':red_circle: <https://forewarn.example/incidents/i1|Errors svc1> · 10 alerts');
    expect(lines[20]).toBe('… and 3 more');
  });
});
