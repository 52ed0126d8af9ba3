import { fixtureReportInput } from '../../../test/fixtures/reports/incidents';
import { parseReportPeriod } from './report-period';
import { reliabilityReport } from './reliability-report';

const MINUTE = 60_000;
const input = fixtureReportInput;

describe('reliabilityReport', () => {
  it('puts an incident in the week it started in, with its whole duration (C spans the W46/W47 boundary)', () => {
    const { trend } = reliabilityReport(input());
    expect(trend.map((entry) => entry.period.label)).toEqual(['2026-W46', '2026-W47']);
    const [w46, w47] = trend.map((entry) => entry.stats);
    // W46: A, B, C; MTTA over 5 and 10 min; MTTR over 30, 40, 120 (p90 at index 1.8 = 40 + 0.8 × 80)
    expect(w46).toEqual({
      incidents: 3,
      open: 0,
      unacknowledged: 1,
      mtta: { count: 2, p50Ms: 7.5 * MINUTE, p90Ms: 9.5 * MINUTE, meanMs: 7.5 * MINUTE },
      mttr: { count: 3, p50Ms: 40 * MINUTE, p90Ms: 104 * MINUTE, meanMs: (190 / 3) * MINUTE },
      timeInBreachMs: 180 * MINUTE,
    });
    // W47: D, E (open), F (never acknowledged); MTTA over 2 and 15; MTTR over 8 and 60
    expect(w47).toEqual({
      incidents: 3,
      open: 1,
      unacknowledged: 1,
      mtta: { count: 2, p50Ms: 8.5 * MINUTE, p90Ms: 13.7 * MINUTE, meanMs: 8.5 * MINUTE },
      mttr: { count: 2, p50Ms: 34 * MINUTE, p90Ms: 54.8 * MINUTE, meanMs: 34 * MINUTE },
      timeInBreachMs: 5108 * MINUTE,
    });
  });

  it('leaves out incidents that started before or after the period', () => {
    const report = reliabilityReport(input({ period: parseReportPeriod('2026-W47'), buckets: [] }));
    expect(report.totals.incidents).toBe(3);
    expect(report.byDimension.service.map((group) => group.key)).toEqual(['(none)', 'checkout', 'search']);
  });

  it('groups by service, team and severity, most incidents first', () => {
    const { byDimension } = reliabilityReport(input());
    const summary = (dimension: 'service' | 'team' | 'severity') =>
      byDimension[dimension].map(({ key, stats }) => [
        key,
        stats.incidents,
        stats.open,
        stats.unacknowledged,
        stats.mtta.p50Ms === null ? null : stats.mtta.p50Ms / MINUTE,
        stats.mttr.p50Ms === null ? null : stats.mttr.p50Ms / MINUTE,
        stats.timeInBreachMs / MINUTE,
      ]);
    expect(summary('service')).toEqual([
      ['checkout', 3, 1, 1, 10, 35, 5100], // A, B, E: MTTA 5 and 15; MTTR 30 and 40; breach 60 + 5040
      ['search', 2, 0, 0, 6, 64, 128], // C, D
      ['(none)', 1, 0, 1, null, 60, 60], // F
    ]);
    expect(summary('team').map((row) => row[0])).toEqual(['payments', 'discovery', '(none)']);
    expect(summary('severity')).toEqual([
      ['critical', 3, 1, 0, 10, 75, 5190], // A, C, E
      ['warning', 2, 0, 1, 2, 24, 48], // B, D
      ['info', 1, 0, 1, null, 60, 60], // F
    ]);
  });

  it('ranks the noisiest rules by alert episodes per week and the share never acknowledged', () => {
    const { noisyRules } = reliabilityReport(input());
    expect(
      noisyRules.map((rule) => [rule.ruleName, rule.alerts, rule.alertsPerWeek, rule.neverAcknowledgedShare]),
    ).toEqual([
      ['LatencyHigh', 3, 1.5, 0],
      ['ErrorsHigh', 2, 1, 0.5],
      ['SearchDown', 2, 1, 0],
      ['DiskFilling', 1, 0.5, 1],
    ]);
  });

  it('filters by service and team', () => {
    const checkout = reliabilityReport(input({ filters: { service: 'checkout' } }));
    expect(checkout.totals.incidents).toBe(3);
    expect(checkout.noisyRules.map((rule) => [rule.ruleName, rule.alerts])).toEqual([
      ['LatencyHigh', 3],
      ['ErrorsHigh', 2],
    ]);
    const discovery = reliabilityReport(input({ filters: { team: 'discovery' } }));
    expect(discovery.totals.incidents).toBe(2);
    expect(
      reliabilityReport(input({ filters: { service: 'checkout', team: 'discovery' } })).totals.incidents,
    ).toBe(0);
  });

  it('counts alerts per week over the part of the period elapsed so far', () => {
    // 16 Nov 00:00 → 19 Nov 12:00 is half a week: W47's one alert each of D, E and F is 2 a week
    const report = reliabilityReport(
      input({
        period: parseReportPeriod('2026-W47'),
        buckets: [],
        nowMs: Date.parse('2026-11-19T12:00:00Z'),
      }),
    );
    expect(report.noisyRules.map((rule) => [rule.ruleName, rule.alertsPerWeek])).toEqual([
      ['DiskFilling', 2],
      ['LatencyHigh', 2],
      ['SearchDown', 2],
    ]);
  });
});
