import { RuleGroup } from '../rules/rule-file.schema';
import { compileRecordingRule, evaluateRecordingRule } from './recording-rule';

const T0 = Date.UTC(2026, 10, 26, 12);

describe('evaluateRecordingRule', () => {
  const group: RuleGroup = {
    name: 'http',
    file: 'rules/http.yaml',
    intervalMs: 30_000,
    labels: { team: 'platform' },
    rules: [],
  };

  it('writes one sample per result element under the recorded name, with group and rule labels', () => {
    const compiled = compileRecordingRule(group, {
      kind: 'recording',
      name: 'service:http_requests:rate1m',
      expr: 'sum by (service) (rate(http_requests_total[1m]))',
      labels: { source: 'recording', team: 'web' },
    });
    const series = (service: string, perSecond: number) => ({
      labels: { __name__: 'http_requests_total', service, code: '200' },
      samples: [0, 15, 30, 45, 60].map((s) => [T0 - 60_000 + s * 1000, s * perSecond] as const),
    });
    const data = new Map([[compiled.selectors[0]?.key ?? '', [series('a', 2), series('b', 0.5)]]]);
    // rate over (T0-60s, T0]: samples at -45s..0s (the one at -60s is outside the left-open window). For `a` they
    // rise 30 → 120: 90 over 45 s. The gap to the window start (15 s) is under 1.1 × the 15 s spacing and not past
    // the counter's zero point (45 s × 30/90 = 15 s), so the increase extrapolates to 60 s: 90 × 60/45 = 120 → 2/s.
    expect(evaluateRecordingRule(compiled, data, T0)).toEqual([
      {
        labels: { __name__: 'service:http_requests:rate1m', service: 'a', source: 'recording', team: 'web' },
        value: expect.closeTo(2, 9),
      },
      {
        labels: { __name__: 'service:http_requests:rate1m', service: 'b', source: 'recording', team: 'web' },
        value: expect.closeTo(0.5, 9),
      },
    ]);
  });

  it('records nothing when the expression returns no series', () => {
    const compiled = compileRecordingRule(group, { kind: 'recording', name: 'x:y', expr: 'up', labels: {} });
    expect(evaluateRecordingRule(compiled, new Map([[compiled.selectors[0]?.key ?? '', []]]), T0)).toEqual(
      [],
    );
  });
});
